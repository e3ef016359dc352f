import type { ClientBase } from 'pg';
import { uuidv7 } from '../../common/uuid';
import { BLOB_COLLECTION_LOCK } from './blob-lock';
import type { FileRow } from './file-row';
import { isPlaybookPath } from '../tree/playbook-discovery';

export type RevisionOrigin =
  | { source: 'archive'; archiveSha256: string }
  | { source: 'git'; commit: string; subject: string };

export interface StoredRevision {
  revisionId: string;
  files: number;
  totalBytes: number;
  playbooks: string[];
}

/** Blob collection waits for revisions being written: their blobs are not referenced yet. */
export async function holdBlobs(db: ClientBase): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock_shared($1)', [BLOB_COLLECTION_LOCK]);
}

/**
 * Inserts a revision, its file list and its playbooks, and makes it the project's head, inside
 * the caller's transaction: until it commits, none of it is visible.
 */
export async function insertRevision(db: ClientBase, projectId: string, origin: RevisionOrigin, rows: FileRow[]): Promise<StoredRevision> {
  const revisionId = uuidv7();
  const playbooks = rows.filter((r) => r.playsFound && isPlaybookPath(r.path)).map((r) => r.path).sort();
  const totalBytes = rows.reduce((sum, r) => sum + r.size, 0);
  await db.query(INSERT_REVISION, [revisionId, projectId, origin.source, archiveOf(origin), commitOf(origin)?.commit,
    commitOf(origin)?.subject, rows.length, totalBytes, playbooks]);
  for (let i = 0; i < rows.length; i += FILE_BATCH) await insertFiles(db, revisionId, rows.slice(i, i + FILE_BATCH));
  await db.query(`UPDATE projects SET head_revision_id = $2, updated_at = now() WHERE id = $1`, [projectId, revisionId]);
  return { revisionId, files: rows.length, totalBytes, playbooks };
}

const FILE_BATCH = 1000;

function insertFiles(db: ClientBase, revisionId: string, rows: FileRow[]): Promise<unknown> {
  return db.query(INSERT_FILES, [revisionId, rows.map((r) => r.path), rows.map((r) => r.mode), rows.map((r) => r.size),
    rows.map((r) => r.sha256), rows.map((r) => r.linkTarget ?? null)]);
}

function archiveOf(origin: RevisionOrigin): string | null {
  return origin.source === 'archive' ? origin.archiveSha256 : null;
}

function commitOf(origin: RevisionOrigin): { commit: string; subject: string } | undefined {
  return origin.source === 'git' ? origin : undefined;
}

const INSERT_REVISION = `
  INSERT INTO project_revisions (id, project_id, source, archive_sha256, git_commit, git_subject, file_count, total_bytes, playbooks)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

const INSERT_FILES = `
  INSERT INTO project_files (revision_id, path, mode, size, sha256, link_target)
  SELECT $1, * FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bytea[], $6::text[])`;
