import { Rule } from '../rule';

/**
 * run-once[task]: a task or block with a true `run_once` (6.13 reports it whatever the strategy;
 * the rule is in no profile, so it runs only without one). Only in playbooks: a tasks file has no
 * play whose strategy could matter, and 6.13 reports nothing there.
 */
export const runOnceRule: Rule = {
  id: 'run-once',
  check: ({ model, kind }) =>
    (kind && kind !== 'playbook' ? [] : model.tasks)
      .filter(({ view }) => isTrue(view.get('run_once')))
      .map(({ view }) => ({ rule: 'run-once[task]', line: view.line, message: 'Using run_once may behave differently if strategy is set to free.' })),
};

export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes|on)$/i.test(value));
}
