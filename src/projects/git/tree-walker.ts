import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import { decodeEntryName, normaliseEntryPath, resolveLinkTarget } from '../intake/entry-path';
import { IntakeBudget } from '../intake/intake-budget';
import { IntakeError } from '../intake/intake-error';
import type { IntakeLimits, TreeEntry, TreeSource } from '../intake/tree-entry';

/** One name of a directory, with the key that puts a whole walk in path order. */
interface Child {
  name: string;
  stat: Stats;
  key: string;
}

/**
 * The entries of a checkout as the intake wants them: in path order, links checked, without git's
 * own `.git` (the root's, and a submodule's gitfile), counted against the limits as they are
 * found. Links are never followed. Git never checks out a tree entry named `.git` at any depth,
 * so skipping that name hides nothing of the project.
 */
export function walkTree(dir: string, limits: IntakeLimits): TreeSource {
  return walk(dir, '', new IntakeBudget(limits));
}

async function* walk(root: string, prefix: string, budget: IntakeBudget): AsyncGenerator<TreeEntry> {
  for (const child of await children(join(root, prefix))) {
    const path = normaliseEntryPath(prefix + child.name);
    if (child.stat.isDirectory()) yield* walk(root, `${path}/`, budget);
    else yield await entry(root, path, child.stat, budget);
  }
}

/**
 * Sorted so that the walk's order is the paths' order: a directory sorts as `name/`, so `a.txt`
 * (`.` < `/`) comes before everything in `a/`, as it does among full paths.
 */
async function children(dir: string): Promise<Child[]> {
  const names = (await readdir(dir, { encoding: 'buffer' })).map(decodeEntryName).filter((name) => name !== '.git');
  const found = await Promise.all(names.map(async (name) => ({ name, stat: await lstat(join(dir, name)) })));
  const keyed = found.map((c) => ({ ...c, key: c.stat.isDirectory() ? `${c.name}/` : c.name }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function entry(root: string, path: string, stat: Stats, budget: IntakeBudget): Promise<TreeEntry> {
  if (stat.isSymbolicLink()) return link(root, path, budget);
  if (!stat.isFile()) throw new IntakeError('special_file', `"${path}" is neither a file, a directory nor a link`);
  budget.addEntry(path);
  budget.addBytes(stat.size);
  // Git knows two file modes; the checkout's exact bits only reflect the umask.
  const mode = stat.mode & 0o111 ? 0o755 : 0o644;
  return { kind: 'file', path, mode, content: createReadStream(join(root, path)) };
}

async function link(root: string, path: string, budget: IntakeBudget): Promise<TreeEntry> {
  budget.addEntry(path);
  const target = await readlink(join(root, path));
  return { kind: 'symlink', path, mode: 0o777, target, resolved: resolveLinkTarget(path, target) };
}
