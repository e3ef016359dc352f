import { SyntaxEnv } from '../../playbooks/lint/syntax-check';
import { ProjectTree } from './project-tree';
import { Sources } from './sources';

export interface GalaxyInfo { namespace?: unknown; author?: unknown; role_name?: unknown }

/** A repository whose root is a role: it has `tasks/` or `meta/main.yml`, and is no collection. */
export function isRoleRepository(tree: ProjectTree): boolean {
  if (tree.files.has('galaxy.yml')) return false;
  return ['tasks/main.yml', 'tasks/main.yaml', 'meta/main.yml', 'meta/main.yaml'].some((path) => tree.files.has(path));
}

/** The `galaxy_info` of a loaded meta/main.yml. */
export function galaxyInfoOf(meta: unknown): GalaxyInfo | undefined {
  const info = (meta as { galaxy_info?: unknown } | null | undefined)?.galaxy_info;
  return typeof info === 'object' && info !== null ? (info as GalaxyInfo) : undefined;
}

/**
 * The name ansible-compat links a role repository under when online: `<namespace>.<role_name>`,
 * the namespace being `namespace`, else `author` unless that is a person's name (two words).
 */
export function selfRoleName(tree: ProjectTree, projectName: string, sources: Sources): string | undefined {
  const info = galaxyInfoOf(sources.dataOf(tree.files.get('meta/main.yml') ?? tree.files.get('meta/main.yaml')));
  const author = typeof info?.author === 'string' && !/^\S+\s+\S+/.test(info.author) ? info.author : undefined;
  const namespace = typeof info?.namespace === 'string' ? info.namespace : author;
  const role = typeof info?.role_name === 'string' ? info.role_name : projectName;
  return namespace ? `${namespace}.${role}` : undefined;
}

/** What the syntax check of the project's playbooks knows beyond the files. */
export interface SyntaxContext {
  /** Roles there by definition: the linked role repository, `mock_roles`. */
  knownRoles: Set<string>;
  extraVars: Set<string>;
  /** `roles_path` of the project's ansible.cfg, project-relative. */
  rolesPath: string[];
  /** The project folder's name: a path may leave the project and come back through it. */
  projectName?: string;
  /** Module names found in ansible.cfg's `library` folders. */
  localModules?: Set<string>;
  /** A project file's loaded YAML (role defaults are read for the play's variables). */
  readData?: (path: string) => unknown;
}

/**
 * ansible's lookup from a playbook in `dir`: `<dir>/roles/<name>`, ansible.cfg's `roles_path`,
 * then `<dir>/<name>`; known roles are there by definition.
 */
export function syntaxEnv(tree: ProjectTree, dir: string, context: SyntaxContext): SyntaxEnv {
  const { knownRoles, extraVars, rolesPath, projectName, localModules } = context;
  const cfg = rolesPath.map((path) => at(join('', path) ?? path));
  const searched = [`${at(dir)}/roles`, '<XDG_CACHE_HOME>/ansible-compat/roles', ...cfg, '~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles', at(dir)].join(':');
  return {
    extraVars,
    localModules,
    roleVariables: (name) => roleVariables(roleDir(tree, dir, name, rolesPath), context.readData),
    missingRole: (name) => {
      if (name.includes('{{') || knownRoles.has(name)) return undefined;
      const found = roleDir(tree, dir, name, rolesPath) !== undefined;
      return found || reentersProject(dir, name, projectName) ? undefined : searched;
    },
    fileExists: (target) => target.includes('{{') || [join(dir, target)].some((path) => path !== undefined && tree.files.has(path)),
  };
}

/** Where ansible finds role `name` from a playbook in `dir`, if in the project. */
function roleDir(tree: ProjectTree, dir: string, name: string, rolesPath: string[]): string | undefined {
  const candidates = [join(dir, `roles/${name}`), ...rolesPath.map((path) => join(path, name)), join(dir, name)];
  return candidates.find((path): path is string => path !== undefined && tree.dirs.has(path));
}

const ROLE_VARIABLE_FILES = ['defaults/main.yml', 'defaults/main.yaml', 'vars/main.yml', 'vars/main.yaml'];

/** The top-level names of a role's defaults and vars. */
function roleVariables(dir: string | undefined, readData?: (path: string) => unknown): string[] {
  if (dir === undefined || !readData) return [];
  return ROLE_VARIABLE_FILES.flatMap((file) => {
    const data = readData(dir ? `${dir}/${file}` : file);
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data) : [];
  });
}

/** `../../<project>` from `manual_tests/`: a role path that climbs out and names the project itself (ansible-datadog). */
function reentersProject(dir: string, relative: string, projectName?: string): boolean {
  if (!projectName || !relative.startsWith('..')) return false;
  const virtual = join(`parent/${projectName}/${dir}`, relative);
  return virtual === `parent/${projectName}`;
}

function at(dir: string): string {
  return dir ? `<PROJECT_DIR>/${dir}` : '<PROJECT_DIR>';
}

/** `dir` + a relative path, normalised; undefined when it leaves the project. */
export function join(dir: string, relative: string): string | undefined {
  if (relative.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of `${dir}/${relative}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { if (!parts.pop()) return undefined; continue; }
    parts.push(part);
  }
  return parts.join('/');
}
