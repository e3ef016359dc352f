import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

const FILES = ['requirements.yml', 'roles/requirements.yml', 'collections/requirements.yml'];
// Where ansible-core finds collections on a Debian or pip install, besides the project's own.
const COLLECTION_ROOTS = ['collections/ansible_collections', '/usr/share/ansible/collections/ansible_collections',
  '/usr/lib/python3/dist-packages/ansible_collections'];

/**
 * Runs are offline, so requirements files are not installed: the result says which of the roles
 * and collections they name the run did not have, so a failure can be read for what it is.
 */
export async function missingRequirements(root: string): Promise<{ missing_roles: string[]; missing_collections: string[] } | undefined> {
  const named = (await Promise.all(FILES.map((f) => readRequirements(join(root, f))))).flat();
  if (named.length === 0) return undefined;
  const roles = named.filter((n) => n.kind === 'role' && !existsSync(join(root, 'roles', n.name))).map((n) => n.name);
  const collections = named.filter((n) => n.kind === 'collection' && !hasCollection(root, n.name)).map((n) => n.name);
  return { missing_roles: unique(roles), missing_collections: unique(collections) };
}

async function readRequirements(file: string): Promise<{ kind: 'role' | 'collection'; name: string }[]> {
  let doc: unknown;
  try {
    doc = parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  // The old format is a bare list of roles; the new one has `roles:` and `collections:`.
  const roles = Array.isArray(doc) ? doc : (doc as { roles?: unknown })?.roles;
  const collections = Array.isArray(doc) ? [] : (doc as { collections?: unknown })?.collections;
  return [...namesOf(roles).map((name) => ({ kind: 'role' as const, name })), ...namesOf(collections).map((name) => ({ kind: 'collection' as const, name }))];
}

function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => (typeof item === 'string' ? item : (item?.name ?? item?.src))).filter((n): n is string => typeof n === 'string');
}

function hasCollection(root: string, name: string): boolean {
  const [namespace, collection] = name.split('.');
  return !!collection && COLLECTION_ROOTS.some((dir) => existsSync(join(dir.startsWith('/') ? dir : join(root, dir), namespace, collection)));
}

function unique(names: string[]): string[] {
  return [...new Set(names)].sort();
}
