import { createWriteStream } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { SYMLINK_MODE } from '../intake/tree-entry';

export interface StoredFile {
  path: string;
  mode: number;
  size: number;
  sha256: string;
  linkTarget: string | null;
  /** Only when asked for, and only for files of at most `textBytes`. */
  data?: Buffer;
}

/** A revision's file list, by path; with `textBytes`, the content of files up to that size too. */
export async function revisionFiles(db: ClientBase, revisionId: string, textBytes = 0): Promise<StoredFile[]> {
  const { rows } = await db.query<StoredFile & { size: string }>(`
    SELECT f.path, f.mode, f.size, encode(f.sha256, 'hex') AS sha256, f.link_target AS "linkTarget", c.data
      FROM project_files f
      LEFT JOIN project_blob_chunks c ON c.sha256 = f.sha256 AND c.seq = 0 AND f.size <= $2
     WHERE f.revision_id = $1 ORDER BY f.path`, [revisionId, textBytes]);
  return rows.map((r) => ({ ...r, size: Number(r.size), data: r.data ?? undefined }));
}

/** A blob's bytes, one stored chunk (at most 1 MiB) at a time. */
export async function* blobChunks(db: ClientBase, sha256: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const { rows } = await db.query<{ data: Buffer }>(`SELECT data FROM project_blob_chunks WHERE sha256 = decode($1, 'hex') AND seq = $2`,
      [sha256, seq]);
    if (!rows[0]) return;
    yield rows[0].data;
  }
}

/** Writes the revision's tree under `dir` (a test run's workspace): modes kept, links as links. */
export async function materializeRevision(db: ClientBase, revisionId: string, dir: string): Promise<StoredFile[]> {
  const files = await revisionFiles(db, revisionId);
  // Links last, so that no file is ever written through one.
  const ordered = [...files.filter((f) => f.mode !== SYMLINK_MODE), ...files.filter((f) => f.mode === SYMLINK_MODE)];
  for (const file of ordered) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    if (file.mode === SYMLINK_MODE) await symlink(file.linkTarget!, target);
    else {
      await pipeline(blobChunks(db, file.sha256), createWriteStream(target, { mode: 0o644 }));
      await chmod(target, file.mode & 0o111 ? 0o755 : 0o644);
    }
  }
  return files;
}
