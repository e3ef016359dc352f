import { isScalar, visit } from 'yaml';
import { MapView, Task } from '../playbook-model';
import { RawFinding, Rule } from '../rule';

/** Names are what users read in the output: present, capitalised, templated only at the end. */
export const nameRule: Rule = {
  id: 'name',
  profile: 'basic',
  check: ({ model }) => {
    const lost = vaultInUnnamedTask(model.tasks);
    return [
      ...model.plays.flatMap((play) => playNameFindings(play)),
      ...model.tasks.flatMap(({ view }) => taskNameFindings(view)).filter((f) => !lost || f.rule !== 'name[missing]'),
    ];
  },
};

function playNameFindings(play: MapView): RawFinding[] {
  if (play.has('import_playbook') || play.has('ansible.builtin.import_playbook')) return [];
  if (!play.has('name')) return [{ rule: 'name[play]', line: play.line, message: 'All plays should be named.' }];
  return namedFindings(play);
}

function taskNameFindings(task: MapView): RawFinding[] {
  if (task.has('name')) return namedFindings(task);
  return [{ rule: 'name[missing]', line: task.line, message: 'All tasks should be named.' }];
}

function namedFindings(view: MapView): RawFinding[] {
  const name = view.get('name');
  if (typeof name !== 'string') return [];
  const findings: RawFinding[] = [];
  if (/^\p{Ll}/u.test(name)) {
    findings.push({ rule: 'name[casing]', line: view.line, message: 'All names should start with an uppercase letter.' });
  }
  if (templateNotAtEnd(name)) {
    findings.push({ rule: 'name[template]', line: view.line, message: "Jinja templates should only be at the end of 'name'" });
  }
  return findings;
}

/**
 * 6.13 (by experiment): after the first template only punctuation may follow. `Clean '{{ x }}'.`
 * passes; `Verify {{ x }} is blue`, `{{ a }}{{ b }}` and `{{ a }}-b` do not.
 */
export function templateNotAtEnd(name: string): boolean {
  const end = name.indexOf('}}', name.indexOf('{{'));
  return name.includes('{{') && end >= 0 && /[\w{]/.test(name.slice(end + 2));
}

/**
 * 6.13 (by experiment) loses every name[missing] of a file when an unnamed task holds a `!vault`
 * value: the rule fails on that task and reports nothing for the file.
 */
function vaultInUnnamedTask(tasks: Task[]): boolean {
  return tasks.some(({ view }) => {
    if (view.has('name')) return false;
    let found = false;
    visit(view.node, { Scalar: (_key, node) => { if (isScalar(node) && node.tag === '!vault') { found = true; return visit.BREAK; } return undefined; } });
    return found;
  });
}
