import { commandLine } from '../task-action';
import { Rule } from '../rule';

/**
 * Characters only a shell interprets; Jinja expressions are removed first. A line break counts
 * too (6.13, by experiment): `shell: >` or `shell: |` blocks, which end with one, are accepted.
 */
const SHELL_SYNTAX = /[|&;<>$`*?~\n]/;

export const commandInsteadOfShellRule: Rule = {
  id: 'command-instead-of-shell',
  profile: 'basic',
  check: ({ actions }) =>
    actions
      .filter(({ action }) => action.short === 'shell' && !('executable' in action.args))
      .filter(({ action }) => !SHELL_SYNTAX.test((action.rawFreeForm ?? commandLine(action)).replace(/\{\{.*?\}\}|\{%.*?%\}/gs, '')))
      .map(({ task }) => ({
        rule: 'command-instead-of-shell',
        line: task.view.line,
        message: 'Use shell only when shell functionality is required.',
      })),
};
