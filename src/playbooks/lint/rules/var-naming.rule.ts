import { isMap, YAMLMap } from 'yaml';
import { keyOf, MapView } from '../playbook-model';
import { RawFinding, Rule } from '../rule';

const VALID = /^[a-z_][a-z0-9_]*$/;

/**
 * var-naming[<name>]: variables are lowercase snake_case. 6.13's lines (pinned on its fixture): a
 * play var on its own line; a task's `vars` or `set_fact` variables on the line of the first key of
 * that mapping; `register` on the task's line. Templated names are another sub-rule, left out.
 */
export const varNamingRule: Rule = {
  id: 'var-naming',
  profile: 'basic',
  check: ({ model, actions }) => [
    ...model.plays.flatMap((play) => mapVars(play, 'vars').filter(([name]) => bad(name)).map(([name, line]) => ({
      rule: `var-naming[${name}]`, line, message: `Play defines variable '${name}' within 'vars' section that violates variable naming standards`,
    }))),
    ...model.tasks.flatMap(({ view }) => {
      const vars = firstKeyLine(view, view.valueNode('vars'));
      const out: RawFinding[] = mapVars(view, 'vars').filter(([name]) => bad(name)).map(([name]) => ({
        rule: `var-naming[${name}]`, line: vars, message: `Task defines variable within 'vars' section that violates variable naming standards: ${name}`,
      }));
      const register = view.get('register');
      if (typeof register === 'string' && bad(register)) {
        out.push({ rule: `var-naming[${register}]`, line: view.line, message: `Task registers a variable that violates variable naming standards: ${register}` });
      }
      return out;
    }),
    ...actions.filter(({ action }) => action.short === 'set_fact' && !action.freeForm).flatMap(({ task }) => {
      const args = task.view.valueNode(task.actionKey!);
      const line = firstKeyLine(task.view, args);
      return Object.keys(isMap(args) ? task.view.toJS(args) as object : {})
        .filter((name) => name !== 'cacheable' && bad(name))
        .map((name) => ({ rule: `var-naming[${name}]`, line, message: `Task uses 'set_fact' to define variables that violates variable naming standards: ${name}` }));
    }),
  ],
};

function bad(name: string): boolean {
  return !name.includes('{{') && !VALID.test(name);
}

function mapVars(view: MapView, key: string): [string, number][] {
  const node = view.valueNode(key);
  if (!isMap(node)) return [];
  return (node as YAMLMap).items.map((pair) => [keyOf(pair), view.lineOf(pair.key)]);
}

function firstKeyLine(view: MapView, node: unknown): number {
  return isMap(node) && node.items.length > 0 ? view.lineOf(node.items[0].key) : view.line;
}
