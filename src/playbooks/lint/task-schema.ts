import { MapView } from './playbook-model';

/** The JSON-schema pattern 6.13 requires of a templated value. */
export const TEMPLATE = /^\{[{%](.|[\r\n])*[}%]\}$/;
const TEMPLATE_MISMATCH = "does not match '^\\\\{[\\\\{%](.|[\\r\\n])*[\\\\}%]\\\\}$'";

/** Integer keywords: a string must be a template, and 6.13 then names the value. */
const INTEGER_KEYWORDS = ['retries', 'delay', 'async', 'poll'];
/** Keywords whose wrong type makes 6.13 reject the whole task (probed one by one). */
const WHOLE_TASK_CHECKS: [string, (value: unknown) => boolean][] = [
  ...['ignore_errors', 'become', 'no_log', 'run_once'].map((key): [string, (v: unknown) => boolean] => [key, (v) => !isBooleanish(v)]),
  ['timeout', (v) => typeof v === 'string' && !TEMPLATE.test(v)],
  ['tags', (v) => typeof v === 'number'],
  ['when', (v) => typeof v === 'number'],
  ['delegate_to', (v) => v !== null && typeof v === 'object'],
  ['vars', (v) => Array.isArray(v)],
];

/**
 * schema[tasks]: a task keyword of the wrong type, as ansible-lint 6.13's task schema rejects it
 * (values ansible would coerce, such as `become: 'yes'`, included). The message of the first problem.
 */
export function keywordProblem(task: MapView): string | undefined {
  const integer = INTEGER_KEYWORDS.map((key) => task.get(key)).find((v) => typeof v === 'string' && !TEMPLATE.test(v));
  if (integer !== undefined) return `'${integer}' ${TEMPLATE_MISMATCH}`;
  const register = task.get('register');
  if (register !== undefined && register !== null && typeof register !== 'string') return `${String(register)} is not of type 'string'`;
  const notify = task.get('notify');
  if (notify !== null && typeof notify === 'object' && !Array.isArray(notify)) return `${JSON.stringify(notify)} is not valid under any of the given schemas`;
  const changed = task.get('changed_when');
  if (typeof changed === 'number') return `${changed} is not valid under any of the given schemas`;
  const whole = WHOLE_TASK_CHECKS.some(([key, bad]) => task.keys.includes(key) && bad(task.get(key)));
  return whole ? `${JSON.stringify(task.toJS(task.node))} is not valid under any of the given schemas` : undefined;
}

function isBooleanish(value: unknown): boolean {
  return typeof value === 'boolean' || value === null || (typeof value === 'string' && TEMPLATE.test(value));
}
