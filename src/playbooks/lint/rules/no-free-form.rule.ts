import { Rule } from '../rule';

/** Modules whose free form is their normal, documented use. */
const FREE_FORM_MODULES = new Set([
  'command', 'shell', 'raw', 'script', 'win_command', 'win_shell', 'ansible.windows.win_command', 'ansible.windows.win_shell', 'meta',
  'include', 'include_tasks', 'import_tasks', 'import_playbook', 'include_vars', 'add_host', 'group_by',
]);

/** `k=v` strings lose types and hide typos; YAML arguments do not. */
export const noFreeFormRule: Rule = {
  id: 'no-free-form',
  profile: 'moderate',
  check: ({ actions }) =>
    actions
      // `action: module k=v` is a form of its own, which 6.13 lets through.
      .filter(({ action }) => action.freeForm !== undefined && !action.viaActionKey && !FREE_FORM_MODULES.has(action.short))
      .map(({ task, action }) => ({
        rule: 'no-free-form',
        line: task.view.line,
        message: `Avoid using free-form when calling module actions. (${action.module})`,
      })),
};
