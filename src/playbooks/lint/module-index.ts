import { MODULE_INDEX as index } from './module-index.data';

/**
 * Which module names resolve, from a snapshot of ansible-core 2.14 and Debian's ansible 7.7
 * (scripts/generate-module-index.py): the engine is pure and must not look at the disk.
 */
const builtin = new Set<string>(index.builtin);
const collections = new Set<string>(index.collections);
const routed = new Map<string, string>(
  Object.entries(index.redirects).flatMap(([collection, names]) =>
    names.map((entry): [string, string] => {
      const [short, target = short] = entry.split('=');
      return [short, `${collection}.${target}`];
    }),
  ),
);

export const BUILTIN_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/** `ansible.builtin.copy` → `copy`; other names unchanged. */
export function shortName(module: string): string {
  const prefix = BUILTIN_PREFIXES.find((p) => module.startsWith(p));
  return prefix ? module.slice(prefix.length) : module;
}

export function isBuiltin(module: string): boolean {
  return builtin.has(shortName(module));
}

/** The collection module a short name is routed to (`mysql_user` → `community.mysql.mysql_user`). */
export function routedName(module: string): string | undefined {
  return routed.get(module);
}

/** Whether ansible could find the module at all; what `--syntax-check` rejects otherwise. */
export function resolves(module: string): boolean {
  if (isBuiltin(module) || routed.has(module)) return true;
  const parts = module.split('.');
  return parts.length >= 3 && collections.has(`${parts[0]}.${parts[1]}`);
}
