import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Position } from '../common/cursor';
import type { Project } from './project';

interface ProjectRow {
  id: string;
  user_id: string;
  name: string;
  git_url: string | null;
  git_ref: string | null;
  git_submodules: boolean;
  head_revision_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The projects table. `owner` undefined means any owner (admins). */
@Injectable()
export class ProjectsRepository {
  constructor(private readonly db: DataSource) {}

  /** A git project, before its first sync (an archive's project is made with its first revision). */
  async insert(project: Pick<Project, 'id' | 'userId' | 'name' | 'git'>): Promise<void> {
    await this.db.query(`INSERT INTO projects (id, user_id, name, git_url, git_ref, git_submodules) VALUES ($1, $2, $3, $4, $5, $6)`,
      [project.id, project.userId, project.name, project.git?.url ?? null, project.git?.ref ?? null, project.git?.submodules ?? false]);
  }

  async findVisible(id: string, owner: string | undefined): Promise<Project | null> {
    const rows: ProjectRow[] = await this.db.query(`${SELECT_PROJECT} WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`,
      [id, owner ?? null]);
    return rows[0] ? toProject(rows[0]) : null;
  }

  /** Newest first, keyset-paginated like tasks. */
  async list(owner: string | undefined, after: Position | undefined, limit: number): Promise<Project[]> {
    const rows: ProjectRow[] = await this.db.query(`${SELECT_PROJECT}
      WHERE ($1::text IS NULL OR user_id = $1) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`, [owner ?? null, after?.createdAt ?? null, after?.id ?? null, limit]);
    return rows.map(toProject);
  }

  /** Its revisions and files go with it; blobs stay until retention finds them unreferenced. */
  async deleteVisible(id: string, owner: string | undefined): Promise<boolean> {
    const [, affected] = await this.db.query(`DELETE FROM projects WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`,
      [id, owner ?? null]);
    return affected > 0;
  }
}

const SELECT_PROJECT = `SELECT id, user_id, name, git_url, git_ref, git_submodules, head_revision_id, created_at, updated_at FROM projects`;

function toProject(row: ProjectRow): Project {
  return {
    id: row.id, userId: row.user_id, name: row.name, headRevisionId: row.head_revision_id,
    git: row.git_url ? { url: row.git_url, ref: row.git_ref ?? 'HEAD', submodules: row.git_submodules } : null, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}
