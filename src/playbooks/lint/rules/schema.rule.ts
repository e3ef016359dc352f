import { isScalar, isSeq } from 'yaml';
import { MapView } from '../playbook-model';
import { PLAY_TASK_SECTIONS } from '../task-keywords';
import { RawFinding, Rule } from '../rule';
import { keywordProblem, TEMPLATE } from '../task-schema';

const SERIAL = /^\d+(\.\d+)?%?$/;

/**
 * schema[playbook]: the few violations of ansible-lint 6.13's playbook JSON schema that the corpus
 * shows and that are checked here. 6.13 reports one, on line 1, for the whole file.
 */
export const schemaRule: Rule = {
  id: 'schema',
  profile: 'basic',
  check: ({ model, kind }) => {
    const problem = model.plays.map(playProblem).find(Boolean) ?? model.tasks.map(({ view, isBlock }) => loopProblem(view) ?? (isBlock ? undefined : keywordProblem(view))).find(Boolean);
    // A tasks or handlers file is checked against the tasks schema.
    const schema = kind === 'tasks' || kind === 'handlers' ? 'tasks' : 'playbook';
    return problem ? [{ rule: `schema[${schema}]`, line: 1, message: problem } as RawFinding] : [];
  },
};

function playProblem(play: MapView): string | undefined {
  const gather = play.get('gather_facts');
  if (typeof gather === 'string') return `'${gather}' is not of type 'boolean'`;
  const percentage = play.get('max_fail_percentage');
  if (typeof percentage === 'string') return `'${percentage}' is not of type 'number'`;
  // An empty entry (`-` alone) in a task list: ansible accepts it, the schema does not.
  const empty = PLAY_TASK_SECTIONS.some((section) => {
    const list = play.valueNode(section);
    return isSeq(list) && list.items.some((item) => item === null || (isScalar(item) && item.value === null));
  });
  if (empty) return 'None is not valid under any of the given schemas';
  const serial = play.get('serial');
  if (typeof serial === 'string' && !SERIAL.test(serial) && !TEMPLATE.test(serial)) return `'${serial}' is not valid under any of the given schemas`;
  return undefined;
}

function loopProblem(task: MapView): string | undefined {
  const when = task.get('when');
  if (Array.isArray(when) && when.some((c) => typeof c !== 'string')) return `${JSON.stringify(when)} is not valid under any of the given schemas`;
  const items = task.get('with_items');
  if (typeof items === 'string' && !TEMPLATE.test(items)) return `'${items}' does not match '^\\\\{[\\\\{%](.|[\\r\\n])*[\\\\}%]\\\\}$'`;
  return undefined;
}
