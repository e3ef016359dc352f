import { Readable } from 'node:stream';
import type { ClientBase } from 'pg';
import { IntakeError } from '../intake/intake-error';
import type { TreeEntry, TreeSource } from '../intake/tree-entry';
import { isYamlPath, PlaybookSniffer } from '../tree/playbook-discovery';
import { BlobWriter } from './blob-writer';
import type { FileRow } from './file-row';
import { SYMLINK_MODE } from '../intake/tree-entry';

/**
 * Stores every entry's bytes as blobs while the tree streams in, and keeps only the file list in
 * memory (paths and hashes, at most RELIA_PROJECT_MAX_FILES of them).
 */
export async function collectTree(db: ClientBase, entries: TreeSource): Promise<FileRow[]> {
  const blobs = new BlobWriter(db);
  const rows = new Map<string, FileRow>();
  const dirs = new Set<string>();
  for await (const entry of entries) {
    refuseUnderLink(entry.path, rows, dirs);
    rows.set(entry.path, await rowOf(entry, blobs, rows));
  }
  await blobs.flush();
  return [...rows.values()];
}

async function rowOf(entry: TreeEntry, blobs: BlobWriter, earlier: Map<string, FileRow>): Promise<FileRow> {
  if (entry.kind === 'hardlink') return hardLinkRow(entry.path, entry.mode, entry.target, earlier);
  if (entry.kind === 'symlink') {
    const blob = await blobs.write(Readable.from([Buffer.from(entry.target)]));
    return { path: entry.path, mode: SYMLINK_MODE, ...blob, linkTarget: entry.target, playsFound: false };
  }
  // Only YAML files can be playbooks; decoding every binary as text cost a fifth of an upload's CPU.
  if (!isYamlPath(entry.path)) return { path: entry.path, mode: entry.mode, ...(await blobs.write(entry.content)), playsFound: false };
  const sniffer = new PlaybookSniffer();
  const blob = await blobs.write(entry.content, (chunk) => sniffer.push(chunk));
  return { path: entry.path, mode: entry.mode, ...blob, playsFound: sniffer.end() };
}

/**
 * Nothing may be stored *through* a symlink (`l -> sub` then `l/x`): each link was checked on its
 * own path, and one reached through another could land anywhere once written to disk.
 */
function refuseUnderLink(path: string, earlier: Map<string, FileRow>, dirs: Set<string>): void {
  if (dirs.has(path)) throw new IntakeError('duplicate_entry', `"${path}" is both a folder and a file or link`);
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const dir = path.slice(0, i);
    if (earlier.has(dir)) throw new IntakeError('link_outside_tree', `"${path}" lies under the file or symlink "${dir}"`);
    dirs.add(dir);
  }
}

/** A tar hard link holds the same bytes as the earlier file it names. */
function hardLinkRow(path: string, mode: number, target: string, earlier: Map<string, FileRow>): FileRow {
  const original = earlier.get(target);
  if (!original || original.linkTarget !== undefined) {
    throw new IntakeError('link_outside_tree', `hard link "${path}" does not name an earlier file of the project ("${target}")`);
  }
  return { ...original, path, mode };
}
