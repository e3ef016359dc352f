import type { ProjectFile } from '../api/types';

/** A row of the file tree: a folder (derived from the paths) or an entry of the revision. */
export interface TreeRow {
  path: string;
  name: string;
  depth: number;
  file?: ProjectFile;
}

/**
 * The revision's entries as a tree, folders first at each level: the API lists files and links
 * only, so the folders are the paths' prefixes.
 */
export function treeRows(files: ProjectFile[]): TreeRow[] {
  const rows = new Map<string, TreeRow>();
  for (const file of files) {
    const parts = file.path.split('/');
    parts.slice(0, -1).forEach((name, i) => {
      const path = parts.slice(0, i + 1).join('/');
      if (!rows.has(path)) rows.set(path, { path, name, depth: i });
    });
    rows.set(file.path, { path: file.path, name: parts.at(-1)!, depth: parts.length - 1, file });
  }
  const key = (row: TreeRow) => row.path.split('/').map((part, i, all) => `${i < all.length - 1 || !row.file ? 0 : 1}${part}`).join('/');
  return [...rows.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
