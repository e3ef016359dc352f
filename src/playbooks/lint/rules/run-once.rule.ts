import { Rule } from '../rule';

/**
 * run-once[task]: a task or block with a true `run_once` (6.13 reports it whatever the strategy;
 * the rule is in no profile, so it runs only without one).
 */
export const runOnceRule: Rule = {
  id: 'run-once',
  check: ({ model }) =>
    model.tasks
      .filter(({ view }) => isTrue(view.get('run_once')))
      .map(({ view }) => ({ rule: 'run-once[task]', line: view.line, message: 'Using run_once may behave differently if strategy is set to free.' })),
};

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes|on)$/i.test(value));
}
