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
}

/**
 * ansible's lookup from a playbook in `dir`: `<dir>/roles/<name>`, ansible.cfg's `roles_path`,
 * then `<dir>/<name>`; known roles are there by definition.
 */
export function syntaxEnv(tree: ProjectTree, dir: string, { knownRoles, extraVars, rolesPath, projectName }: SyntaxContext): SyntaxEnv {
  const cfg = rolesPath.map((path) => at(join('', path) ?? path));
  const searched = [`${at(dir)}/roles`, '<XDG_CACHE_HOME>/ansible-compat/roles', ...cfg, '~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles', at(dir)].join(':');
  return {
    extraVars,
    missingRole: (name) => {
      if (name.includes('{{') || knownRoles.has(name)) return undefined;
      const candidates = [join(dir, `roles/${name}`), ...rolesPath.map((path) => join(path, name)), join(dir, name)];
      const found = candidates.some((path) => path !== undefined && tree.dirs.has(path));
      return found || reentersProject(dir, name, projectName) ? undefined : searched;
    },
    fileExists: (target) => target.includes('{{') || [join(dir, target)].some((path) => path !== undefined && tree.files.has(path)),
  };
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
