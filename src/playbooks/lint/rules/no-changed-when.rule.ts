import { Rule } from '../rule';

const COMMANDS = new Set(['command', 'shell', 'raw']);

/** A command always reports "changed" unless told when it really changes something. */
export const noChangedWhenRule: Rule = {
  id: 'no-changed-when',
  profile: 'shared',
  check: ({ actions }) =>
    actions
      // Handlers run only when something changed: 6.13 leaves them alone.
      .filter(({ task, action }) => task.section !== 'handlers' && COMMANDS.has(action.short) && !task.view.has('changed_when'))
      .filter(({ action }) => !('creates' in action.args) && !('removes' in action.args))
      .map(({ task }) => ({
        rule: 'no-changed-when',
        line: task.view.line,
        message: 'Commands should not change things if nothing needs doing.',
      })),
};
