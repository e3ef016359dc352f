import { Rule } from '../rule';
import { Task } from '../playbook-model';

/** `== true`, `!= False`… in a condition: the bare test (or `not`) says the same. */
const LITERAL_BOOL = /[=!]=\s*(true|false|True|False)\b/;

/**
 * literal-compare. 6.13 (by experiment) also reports a block on its own line when any task inside
 * it compares to a literal, besides that task.
 */
export const literalCompareRule: Rule = {
  id: 'literal-compare',
  profile: 'basic',
  check: ({ model }) =>
    model.tasks
      .filter((task) => conditionsOf(task).some((c) => typeof c === 'string' && LITERAL_BOOL.test(c)))
      .map(({ view }) => ({ rule: 'literal-compare', line: view.line, message: "Don't compare to literal True/False." })),
};

function conditionsOf({ view, isBlock }: Task): unknown[] {
  const own = view.get('when');
  const conditions = Array.isArray(own) ? [...own] : [own];
  if (isBlock) for (const section of ['block', 'rescue', 'always']) collect(view.get(section), conditions);
  return conditions;
}

function collect(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) for (const item of value) collect(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'when') out.push(...(Array.isArray(inner) ? inner : [inner]));
      else if (key === 'block' || key === 'rescue' || key === 'always') collect(inner, out);
    }
  }
}
