import { Rule } from '../rule';

/**
 * The `src` prefix 6.13 flags per module, as written (`ansible.legacy.copy` and the win_ modules are
 * not checked): a path that climbs into the role's own files/ or templates/ folder.
 */
const CLIMBS: Record<string, string> = {
  copy: '../files', 'ansible.builtin.copy': '../files',
  template: '../templates', 'ansible.builtin.template': '../templates',
};

/** no-relative-paths: copy/template `src` reaching files/ or templates/ through `..`, on the task's line. */
export const noRelativePathsRule: Rule = {
  id: 'no-relative-paths',
  profile: 'shared',
  check: ({ actions }) =>
    actions
      .filter(({ action }) => CLIMBS[action.module] !== undefined && String(action.args.src ?? '').includes(CLIMBS[action.module]))
      .map(({ task }) => ({ rule: 'no-relative-paths', line: task.view.line, message: 'The src argument should not use a relative path.' })),
};
