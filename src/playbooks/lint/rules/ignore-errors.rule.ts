import { Rule } from '../rule';
import { isTrue } from './run-once.rule';

/**
 * ignore-errors: `ignore_errors: true` hides every failure; `failed_when` names the expected ones.
 * A registered result can be inspected afterwards, so 6.13 lets such a task through (pinned by the
 * project corpus), as it does `ignore_errors: "{{ ansible_check_mode }}"`.
 */
export const ignoreErrorsRule: Rule = {
  id: 'ignore-errors',
  profile: 'shared',
  check: ({ model }) =>
    model.tasks
      .filter(({ view, isBlock }) => !isBlock && isTrue(view.get('ignore_errors')) && !view.has('register'))
      .map(({ view }) => ({ rule: 'ignore-errors', line: view.line, message: 'Use failed_when and specify error conditions instead of using ignore_errors.' })),
};
