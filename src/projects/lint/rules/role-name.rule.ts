import { isMap, isScalar, isSeq } from 'yaml';
import { RawFinding } from '../../../playbooks/lint/rule';
import { LoadedFile } from '../file-lint';
import { actionsOf } from '../../../playbooks/lint/lint-engine';
import { ProjectRule } from '../project-rule';
import { galaxyInfoOf } from '../roles';

const ROLE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * role-name, as 6.13 reports it: a role directory (`roles/x`) or a role's `meta/main.yml` whose
 * role name (`galaxy_info.role_name`, else the directory's) is not a Python identifier in lower case;
 * and, as `role-name[path]`, a play that names a role by a path.
 */
export const roleNameRule: ProjectRule = {
  id: 'role-name',
  profile: 'basic',
  kinds: ['meta', 'playbook', 'tasks', 'handlers'],
  check: (file, { projectName }) => (file.kind === 'meta' ? metaFindings(file, projectName) : [...pathFindings(file), ...taskPathFindings(file)]),
};

/** A role folder, named by its meta's `role_name` when it has one (probed: `roles/bad-dir` with `role_name: good` passes). */
export function roleDirFindings(path: string, metaData: unknown): RawFinding[] {
  const roleName = galaxyInfoOf(metaData)?.role_name;
  const name = typeof roleName === 'string' ? roleName : path.slice(path.lastIndexOf('/') + 1);
  return badName(name) ? [nameFinding(name)] : [];
}

function metaFindings(file: LoadedFile, projectName: string): RawFinding[] {
  const info = galaxyInfoOf(file.source.doc?.toJS());
  // A meta/main.yml at the root belongs to the project folder's role.
  const dir = file.path.split('/').slice(0, -2).pop() ?? projectName;
  const name = typeof info?.role_name === 'string' ? info.role_name : dir;
  return name && badName(name) ? [nameFinding(name)] : [];
}

function badName(name: string): boolean {
  return !ROLE_NAME.test(name) && !name.includes('{{');
}

function nameFinding(name: string): RawFinding {
  return { rule: 'role-name', line: 1, message: `Role name ${name} does not match \`\`^\\[a-z]\\[a-z0-9_]*$\`\` pattern.` };
}

function pathFindings({ model }: LoadedFile): RawFinding[] {
  return model.plays.flatMap((play) => {
    const roles = play.valueNode('roles');
    if (!isSeq(roles)) return [];
    return roles.items.flatMap((item) => {
      const name = isMap(item) ? item.get('role', true) ?? item.get('name', true) : item;
      const text = isScalar(name) ? String(name.value) : '';
      // A mapping carries its own line; for a plain name 6.13 reports the play's.
      const line = isMap(item) ? play.lineOf(item) : play.line;
      return text.includes('/') ? [{ rule: 'role-name[path]', line, message: `Avoid using paths when importing roles. (${text})` }] : [];
    });
  });
}

const ROLE_TASKS = new Set(['include_role', 'import_role']);

/** include_role / import_role naming a role by a path: 6.13 reports it on the line of `name`. */
function taskPathFindings({ model }: LoadedFile): RawFinding[] {
  return actionsOf(model).flatMap(({ task, action }) => {
    const name = action.args.name;
    if (!ROLE_TASKS.has(action.short) || typeof name !== 'string' || !name.includes('/')) return [];
    const args = task.view.valueNode(task.actionKey!);
    const node = isMap(args) ? args.get('name', true) : undefined;
    const line = node ? task.view.lineOf(node) : task.view.line;
    return [{ rule: 'role-name[path]', line, message: `Avoid using paths when importing roles. (${name})` }];
  });
}
