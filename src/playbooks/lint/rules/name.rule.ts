import { MapView } from '../playbook-model';
import { RawFinding, Rule } from '../rule';

/** Names are what users read in the output: present, capitalised, templated only at the end. */
export const nameRule: Rule = {
  id: 'name',
  profile: 'basic',
  check: ({ model }) => [
    ...model.plays.flatMap((play) => playNameFindings(play)),
    ...model.tasks.flatMap(({ view }) => taskNameFindings(view)),
  ],
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
  if (/\{\{.*\}\}/.test(name) && !/\}\}\s*$/.test(name)) {
    findings.push({ rule: 'name[template]', line: view.line, message: "Jinja templates should only be at the end of 'name'" });
  }
  return findings;
}
