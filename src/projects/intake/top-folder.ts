import { IntakeError } from './intake-error';
import type { TreeEntry } from './tree-entry';

/**
 * The one top-level folder every path lies under, as GitHub's tarballs and `tar czf x.tgz project/`
 * make, so the caller can strip it (AWX does the same). A file at the top level, two top-level
 * folders, or no paths at all mean there is nothing to strip.
 */
export function commonTopFolder(paths: string[]): string | undefined {
  const tops = new Set(paths.map((path) => path.split('/')[0]));
  if (tops.size !== 1 || !paths.every((path) => path.includes('/'))) return undefined;
  return [...tops][0];
}

/**
 * An entry with `folder/` taken off its path and off the tree-relative paths it points to. A link
 * that was inside the archive but not inside the folder (`folder/a -> ../x`, or `-> ..`) would
 * leave the stripped tree, so it is refused here.
 */
export function stripTopFolder(entry: TreeEntry, folder: string): TreeEntry {
  const path = under(folder, entry.path, entry.path);
  if (entry.kind === 'symlink') return { ...entry, path, resolved: under(folder, entry.resolved, entry.path) };
  if (entry.kind === 'hardlink') return { ...entry, path, target: under(folder, entry.target, entry.path) };
  return { ...entry, path };
}

function under(folder: string, path: string, entryPath: string): string {
  if (!path.startsWith(`${folder}/`)) throw new IntakeError('link_outside_tree', `"${entryPath}" points outside the folder "${folder}"`);
  return path.slice(folder.length + 1);
}
