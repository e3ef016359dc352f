import { commandLine } from '../task-action';
import { isTrue } from './run-once.rule';
import { Rule } from '../rule';

/**
 * A shell pipeline fails only if its last command fails, unless `set -o pipefail` is on. A `|` that
 * is not `||`, outside Jinja expressions (where `|` is a filter), makes a pipeline. 6.13 does not
 * check tasks inside blocks (found by experiment), nor tasks whose errors are ignored.
 */
export const riskyShellPipeRule: Rule = {
  id: 'risky-shell-pipe',
  profile: 'safety',
  check: ({ actions }) =>
    actions
      .filter(({ task, action }) => !task.inBlock && !isTrue(task.view.get('ignore_errors')) && action.short === 'shell' && !/pwsh/.test(String(action.args.executable ?? '')))
      .filter(({ action }) => {
        const command = (action.rawFreeForm ?? commandLine(action)).replace(/\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}/gs, '');
        return /(^|[^|])\|([^|]|$)/.test(command) && !command.includes('pipefail');
      })
      .map(({ task }) => ({ rule: 'risky-shell-pipe', line: task.view.line, message: 'Shells that use pipes should set the pipefail option.' })),
};
