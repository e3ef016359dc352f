import { isMap, isSeq } from 'yaml';
import { buildModel, MapView, PlaybookModel, Task } from './playbook-model';
import { RawFinding } from './rule';
import { actionOf } from './task-action';
import { resolves, shortName } from './module-index';
import { isLoopKey, PLAY_KEYWORDS, PLAY_TASK_SECTIONS, TASK_KEYWORDS } from './task-keywords';
import { YamlSource } from './yaml-source';
import { renderedRoleName } from './role-template';
import { LoadVariableSources, loadVariables, undefinedLoadVariable } from './play-variables';

/** What exists around a playbook: its roles and the files it imports. */
export interface SyntaxEnv extends LoadVariableSources {
  /** The role's search path for the message when `name` cannot be found, else undefined. */
  missingRole(name: string): string | undefined;
  /** Whether an imported file (`import_tasks`, `import_playbook`) exists. */
  fileExists(target: string): boolean;
  /** Variables defined before any play (`extra_vars` of the lint config). */
  extraVars?: Set<string>;
  /** Modules of the project's own library folders. */
  localModules?: Set<string>;
}

/** A playbook alone in its directory: no role and no imported file exists. */
const ALONE: SyntaxEnv = {
  missingRole: () => 'roles:~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles',
  fileExists: () => false,
};

/**
 * What `ansible-playbook --syntax-check` (run inside ansible-lint) would reject, found
 * statically, by default for a playbook that is alone in its directory. Returns the single
 * finding 6.13 reports then: it hides every other rule.
 */
export function staticSyntaxCheck(source: YamlSource, built?: PlaybookModel, env: SyntaxEnv = ALONE): RawFinding | undefined {
  if (source.failure === 'load') return { rule: 'load-failure', line: 1, message: 'Failed to load YAML file' };
  if (source.failure === 'multi-document') return internalError(4);
  const contents = source.doc?.contents;
  if (!contents || (isSeq(contents) && contents.items.length === 0)) {
    return { rule: 'syntax-check[empty-playbook]', line: 1, message: 'Empty playbook, nothing to do' };
  }
  // A mapping where plays should be (molecule waivers files match the playbook glob).
  if (isMap(contents)) return specific(1, "A playbook must be a list of plays, got a <class 'ansible.parsing.yaml.objects.AnsibleMapping'> instead");
  const model = built ?? buildModel(source.doc!, source.lineCounter);
  for (const play of model.plays) {
    const problem = playProblem(play, env, loadVariables(model, play, env)) ?? firstByLine(tasksOf(model, play).map((task) => taskProblem(task, env)));
    if (problem) return problem;
  }
  return undefined;
}

function playProblem(play: MapView, env: SyntaxEnv, known: Set<string>): RawFinding | undefined {
  const importKey = IMPORT_KEYS.find((key) => play.has(key));
  if (importKey) return importProblem(play, importKey, env);
  const unknown = play.keys.find((key) => !PLAY_KEYWORDS.has(key));
  if (unknown) return specific(play.line, `'${unknown}' is not a valid attribute for a Play`);
  const hosts = play.get('hosts');
  if (Array.isArray(hosts) && hosts.length === 0) return internalError(4);
  const undefinedVar = undefinedLoadVariable(play, hosts, known);
  if (undefinedVar) {
    const error = `'${undefinedVar}' is undefined`;
    return specific(play.line, `The field 'hosts' has an invalid value, which includes an undefined variable. The error was: ${error}. ${error}`);
  }
  // An undefined variable in the play's name fails too, with an error ansible-lint cannot place (cephadm-ansible).
  if (undefinedLoadVariable(play, play.get('name'), known)) return internalError(1);
  const varsFiles = play.get('vars_files');
  if (varsFiles !== undefined && varsFiles !== null && typeof varsFiles !== 'string' && !Array.isArray(varsFiles)) return internalError(1);
  return sectionProblem(play) ?? firstByLine([...roleProblems(play, env), ...promptProblems(play)]);
}

/** An entry of the playbook that imports another, short or FQCN. */
const IMPORT_KEYS = ['import_playbook', 'ansible.builtin.import_playbook'];

function importProblem(play: MapView, key: string, env: SyntaxEnv): RawFinding | undefined {
  const extra = play.keys.find((k) => ![key, 'name', 'vars', 'tags', 'when'].includes(k));
  if (extra) return specific(play.line, `'${extra}' is not a valid attribute for a PlaybookInclude`);
  return env.fileExists(String(play.get(key))) ? undefined : missingFile();
}

function sectionProblem(play: MapView): RawFinding | undefined {
  const bad = PLAY_TASK_SECTIONS.find((section) => {
    const value = play.get(section);
    return value !== undefined && value !== null && !Array.isArray(value);
  });
  if (bad) return specific(play.line, `A malformed block was encountered while loading ${bad === 'handlers' ? 'handlers' : 'tasks'}`);
  const roles = play.get('roles');
  if (roles !== undefined && roles !== null && !Array.isArray(roles)) return specific(play.line, 'A malformed role declaration was encountered.');
  return undefined;
}

function roleProblems(play: MapView, env: SyntaxEnv): RawFinding[] {
  const roles = play.valueNode('roles');
  if (!isSeq(roles)) return [];
  return roles.items.flatMap((item) => {
    const value = play.toJS(item) as { role?: unknown; name?: unknown } | string;
    const name = renderedRoleName(String(typeof value === 'object' && value ? (value.role ?? value.name) : value), env.extraVars);
    const searched = env.missingRole(name);
    return searched ? [roleNotFound(play.lineOf(item), name, searched)] : [];
  });
}

function promptProblems(play: MapView): RawFinding[] {
  const prompts = play.valueNode('vars_prompt');
  if (!isSeq(prompts)) return [];
  return prompts.items
    .filter((item) => isMap(item) && !item.has('name'))
    .map((item) => specific(play.lineOf(item), "Invalid vars_prompt data structure, missing 'name' key"));
}

function taskProblem(task: Task, env: SyntaxEnv): RawFinding | undefined {
  if (task.isBlock) return undefined;
  const actionKeys = task.view.keys.filter((key) => !TASK_KEYWORDS.has(key) && !isLoopKey(key));
  if (actionKeys.length > 1) return specific(task.view.line, `conflicting action statements: ${actionKeys.join(', ')}`);
  const action = actionOf(task);
  if (!action) return undefined;
  // With a `collections:` keyword short names may come from those collections: give it the benefit.
  if (!resolves(action.module) && !env.localModules?.has(action.module) && !task.play.has('collections')) return specific(task.view.line, `couldn't resolve module/action '${action.module}'. This often indicates a misspelling, missing collection, or incorrect module path.`);
  return includeProblem(task, shortName(action.module), action.freeForm ?? action.args.file ?? action.args.name, env);
}

function includeProblem(task: Task, module: string, target: unknown, env: SyntaxEnv): RawFinding | undefined {
  if (module === 'import_tasks' || module === 'include') return env.fileExists(String(target)) ? undefined : missingFile();
  const searched = module === 'import_role' ? env.missingRole(String(target)) : undefined;
  if (searched) return roleNotFound(roleNameLine(task), String(target), searched);
  if (module === 'include_tasks' && (!target || /^file=\s*$/.test(String(target)))) return internalError(4);
  return undefined;
}

/** ansible points at the role's `name:` line inside the import's arguments. */
function roleNameLine(task: Task): number {
  const args = task.view.valueNode(task.actionKey!);
  return isMap(args) ? task.view.lineOf(args.items.find((pair) => String((pair.key as { value?: unknown })?.value) === 'name')?.key ?? args) : task.view.line;
}

function tasksOf(model: PlaybookModel, play: MapView): Task[] {
  return model.tasks.filter((task) => task.play === play);
}

function firstByLine(findings: (RawFinding | undefined)[]): RawFinding | undefined {
  return findings.filter((f): f is RawFinding => !!f).sort((a, b) => a.line - b.line)[0];
}

function specific(line: number, message: string): RawFinding {
  return { rule: 'syntax-check[specific]', line, message };
}

function missingFile(): RawFinding {
  return { rule: 'syntax-check[missing-file]', line: 1, message: 'Unable to retrieve file contents' };
}

function roleNotFound(line: number, role: string, searched: string): RawFinding {
  return specific(line, `the role '${role}' was not found in ${searched}`);
}

function internalError(code: number): RawFinding {
  return {
    rule: 'internal-error',
    line: 1,
    message: `Unexpected error code ${code} from execution of: ansible-playbook -i localhost, --syntax-check playbook.yml`,
  };
}
