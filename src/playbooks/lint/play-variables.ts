import { MapView, PlaybookModel } from './playbook-model';
import { actionOf } from './task-action';

/** Variables ansible defines before any play runs. */
const MAGIC_VARIABLES = ['groups', 'hostvars', 'inventory_hostname', 'omit', 'playbook_dir', 'ansible_check_mode', 'ansible_version'];

/** What the variable lookups of a play's loading need from outside the file. */
export interface LoadVariableSources {
  extraVars?: Set<string>;
  /** The names a role's defaults/main.yml and vars/main.yml define (empty when it is not found). */
  roleVariables?(name: string): string[];
}

/**
 * The names a play's `hosts` and `name` may use when the syntax check templates them: the play's
 * vars, the defaults and vars of the roles it lists or statically imports (cephadm-ansible's
 * `hosts: "{{ client_group }}"` comes from an imported role's defaults), extra and magic vars.
 */
export function loadVariables(model: PlaybookModel, play: MapView, env: LoadVariableSources): Set<string> {
  const vars = play.get('vars');
  const roles = [...playRoles(play), ...importedRoles(model, play)];
  return new Set([
    ...MAGIC_VARIABLES, ...(env.extraVars ?? []), ...(typeof vars === 'object' && vars !== null ? Object.keys(vars) : []),
    ...roles.flatMap((role) => env.roleVariables?.(role) ?? []),
  ]);
}

function playRoles(play: MapView): string[] {
  const roles = play.get('roles');
  if (!Array.isArray(roles)) return [];
  return roles.map((item) => String(typeof item === 'object' && item ? (item.role ?? item.name) : item));
}

function importedRoles(model: PlaybookModel, play: MapView): string[] {
  return model.tasks.filter((task) => task.play === play && !task.isBlock).flatMap((task) => {
    const action = actionOf(task);
    return action?.short === 'import_role' && typeof action.args.name === 'string' ? [action.args.name] : [];
  });
}

/** The first variable a load-time template uses that is not known (the play's vars_files could define anything). */
export function undefinedLoadVariable(play: MapView, text: unknown, known: Set<string>): string | undefined {
  const name = typeof text === 'string' ? /\{\{\s*([A-Za-z_]\w*)/.exec(text)?.[1] : undefined;
  return name && !known.has(name) && !play.has('vars_files') ? name : undefined;
}
