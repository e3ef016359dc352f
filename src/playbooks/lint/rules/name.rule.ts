import { isScalar, visit } from 'yaml';
import { MapView, Task } from '../playbook-model';
import { RawFinding, Rule } from '../rule';

/** Names are what users read in the output: present, capitalised, templated only at the end. */
export const nameRule: Rule = {
  id: 'name',
  profile: 'basic',
  check: ({ model, kind, path }) => {
    const lost = vaultInUnnamedTask(model.tasks);
    const prefix = kind === 'tasks' ? stemPrefix(path) : undefined;
    return [
      ...model.plays.flatMap((play) => playNameFindings(play)),
      ...model.tasks.flatMap(({ view }) => taskNameFindings(view, prefix)).filter((f) => !lost || f.rule !== 'name[missing]'),
    ];
  },
};

function playNameFindings(play: MapView): RawFinding[] {
  if (play.has('import_playbook') || play.has('ansible.builtin.import_playbook')) return [];
  if (!play.has('name')) return [{ rule: 'name[play]', line: play.line, message: 'All plays should be named.' }];
  return namedFindings(play);
}

/** `auth | ` in tasks/auth.yml: 6.13 judges the casing of what follows the file's own prefix (not in main.yml). */
function stemPrefix(path: string | undefined): string | undefined {
  const stem = path?.split('/').pop()?.replace(/\.ya?ml$/, '');
  return stem && stem !== 'main' ? `${stem} | ` : undefined;
}

function taskNameFindings(task: MapView, prefix?: string): RawFinding[] {
  if (task.has('name')) return namedFindings(task, prefix);
  return [{ rule: 'name[missing]', line: task.line, message: 'All tasks should be named.' }];
}

function namedFindings(view: MapView, prefix?: string): RawFinding[] {
  const name = view.get('name');
  if (typeof name !== 'string') return [];
  const findings: RawFinding[] = [];
  if (/^\p{Ll}/u.test(prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name)) {
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
