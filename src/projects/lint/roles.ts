import { parse } from 'yaml';
import { SyntaxEnv } from '../../playbooks/lint/syntax-check';
import { ProjectTree } from './project-tree';

export interface GalaxyInfo { namespace?: unknown; author?: unknown; role_name?: unknown }

/** A repository whose root is a role: it has `tasks/` or `meta/main.yml`, and is no collection. */
export function isRoleRepository(tree: ProjectTree): boolean {
  if (tree.files.has('galaxy.yml')) return false;
  return ['tasks/main.yml', 'tasks/main.yaml', 'meta/main.yml', 'meta/main.yaml'].some((path) => tree.files.has(path));
}

export function galaxyInfoOf(metaText: string | undefined): GalaxyInfo | undefined {
  try {
    const meta = metaText === undefined ? undefined : (parse(metaText) as { galaxy_info?: GalaxyInfo } | null);
    return typeof meta?.galaxy_info === 'object' && meta.galaxy_info !== null ? meta.galaxy_info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The name ansible-compat links a role repository under when online: `<namespace>.<role_name>`,
 * the namespace being `namespace`, else `author` unless that is a person's name (two words).
 */
export function selfRoleName(tree: ProjectTree, projectName: string): string | undefined {
  const info = galaxyInfoOf(tree.files.get('meta/main.yml')?.text ?? tree.files.get('meta/main.yaml')?.text);
  const author = typeof info?.author === 'string' && !/^\S+\s+\S+/.test(info.author) ? info.author : undefined;
  const namespace = typeof info?.namespace === 'string' ? info.namespace : author;
  const role = typeof info?.role_name === 'string' ? info.role_name : projectName;
  return namespace ? `${namespace}.${role}` : undefined;
}

/** ansible's lookup from a playbook in `dir`: `<dir>/roles/<name>`, the linked role, then `<dir>/<name>`. */
export function syntaxEnv(tree: ProjectTree, dir: string, linkedRole?: string): SyntaxEnv {
  const searched = [`${at(dir)}/roles`, '<XDG_CACHE_HOME>/ansible-compat/roles', '~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles', at(dir)].join(':');
  return {
    missingRole: (name) => {
      if (name.includes('{{') || name === linkedRole) return undefined;
      const found = [join(dir, `roles/${name}`), join(dir, name)].some((path) => path !== undefined && tree.dirs.has(path));
      return found ? undefined : searched;
    },
    fileExists: (target) => target.includes('{{') || [join(dir, target)].some((path) => path !== undefined && tree.files.has(path)),
  };
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
