import { Rule } from '../rule';

/** latest[git]: a git checkout without a fixed `version` (or with HEAD) moves with the remote. */
export const latestRule: Rule = {
  id: 'latest',
  profile: 'safety',
  check: ({ actions }) =>
    actions
      .filter(({ action }) => action.short === 'git' && (action.args.version === undefined || action.args.version === null || action.args.version === 'HEAD'))
      .map(({ task }) => ({ rule: 'latest[git]', line: task.view.line, message: 'Result of the command may vary on subsequent runs.' })),
};
