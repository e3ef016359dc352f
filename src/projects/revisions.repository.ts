import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Position } from '../common/cursor';
import type { Revision, RevisionFile } from './project';

interface RevisionRow {
  id: string;
  project_id: string;
  source: 'archive' | 'git';
  archive_sha256: string | null;
  git_commit: string | null;
  git_subject: string | null;
  file_count: number;
  total_bytes: string;
  playbooks: string[];
  created_at: Date;
}

/** Reads revisions and their files; revisions are written once, by the revision writer. */
@Injectable()
export class RevisionsRepository {
  constructor(private readonly db: DataSource) {}

  async list(projectId: string, after: Position | undefined, limit: number): Promise<Revision[]> {
    const rows: RevisionRow[] = await this.db.query(`${SELECT_REVISION}
      WHERE project_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`, [projectId, after?.createdAt ?? null, after?.id ?? null, limit]);
    return rows.map(toRevision);
  }

  async find(projectId: string, revisionId: string): Promise<Revision | null> {
    const rows: RevisionRow[] = await this.db.query(`${SELECT_REVISION} WHERE project_id = $1 AND id = $2`, [projectId, revisionId]);
    return rows[0] ? toRevision(rows[0]) : null;
  }

  /** The whole list, by path: it is bounded by RELIA_PROJECT_MAX_FILES. */
  async files(revisionId: string, prefix = ''): Promise<RevisionFile[]> {
    const rows: RawFile[] = await this.db.query(`${SELECT_FILE} WHERE revision_id = $1 AND starts_with(path, $2) ORDER BY path`,
      [revisionId, prefix]);
    return rows.map(toFile);
  }

  async file(revisionId: string, path: string): Promise<RevisionFile | null> {
    const rows: RawFile[] = await this.db.query(`${SELECT_FILE} WHERE revision_id = $1 AND path = $2`, [revisionId, path]);
    return rows[0] ? toFile(rows[0]) : null;
  }

  /** One stored chunk of a blob (at most 1 MiB), or undefined past the last. */
  async chunk(sha256: string, seq: number): Promise<Buffer | undefined> {
    const rows: { data: Buffer }[] = await this.db.query(
      `SELECT data FROM project_blob_chunks WHERE sha256 = decode($1, 'hex') AND seq = $2`, [sha256, seq]);
    return rows[0]?.data;
  }
}

interface RawFile {
  path: string;
  mode: number;
  size: string;
  sha256: string;
  link_target: string | null;
}

const SELECT_REVISION = `SELECT id, project_id, source, archive_sha256, git_commit, git_subject, file_count, total_bytes, playbooks,
  created_at FROM project_revisions`;
const SELECT_FILE = `SELECT path, mode, size, encode(sha256, 'hex') AS sha256, link_target FROM project_files`;

function toRevision(row: RevisionRow): Revision {
  return {
    id: row.id, projectId: row.project_id, source: row.source, archiveSha256: row.archive_sha256, commit: row.git_commit,
    subject: row.git_subject, fileCount: row.file_count, totalBytes: Number(row.total_bytes), playbooks: row.playbooks,
    createdAt: row.created_at,
  };
}

function toFile(row: RawFile): RevisionFile {
  return { path: row.path, mode: row.mode, size: Number(row.size), sha256: row.sha256, linkTarget: row.link_target };
}
