import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal';
import { ProblemException } from '../../common/problem';
import { DATABASE_URL } from '../../database/tokens';
import { TaskError } from '../../executor/task-error';
import type { Task } from '../../tasks/task.entity';
import type { RevisionLintInput } from '../lint/revision-lint.types';
import type { FileReport, ProjectLintFinding } from '../lint/project-lint';
import type { Project, Revision } from '../project';
import { ProjectsService } from '../projects.service';

export interface RunTarget {
  project: Project;
  revision: Revision;
}

/** What lint and test runs of a project work on: a revision the caller may see, and one of its playbooks. */
@Injectable()
export class ProjectTargets {
  constructor(
    private readonly projects: ProjectsService,
    private readonly db: DataSource,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  /**
   * Where a run task's worker reads its revision from, checked when the attempt starts: a
   * project deleted meanwhile fails the task clearly.
   */
  async revisionOf(task: Task): Promise<RevisionLintInput & { playbooks: string[] }> {
    const revisionId = String(task.payload.revision_id);
    const rows: { name: string; playbooks: string[] }[] = await this.db.query(`
      SELECT p.name, r.playbooks FROM project_revisions r JOIN projects p ON p.id = r.project_id WHERE r.id = $1`, [revisionId]);
    if (!rows[0]) throw new TaskError('revision_not_found', 'The project or revision was deleted before the task ran');
    return { databaseUrl: this.databaseUrl, revisionId, projectName: rows[0].name, playbooks: rows[0].playbooks };
  }

  /** The named revision, or the project's head; 404 for anything the user may not see. */
  async resolve(user: Principal, projectId: string, revisionId?: string): Promise<RunTarget> {
    const revision = await this.projects.revision(user, projectId, revisionId ?? 'head');
    return { project: await this.projects.get(user, projectId), revision };
  }

  /** A test names a playbook of the revision; anything else is a 400 that lists the ones there are. */
  checkPlaybook(target: RunTarget, playbook: string | undefined): string {
    if (playbook && target.revision.playbooks.includes(playbook)) return playbook;
    const known = target.revision.playbooks.length ? target.revision.playbooks.join(', ') : 'none';
    throw new ProblemException('playbook_not_in_revision',
      `${playbook ? `"${playbook}" is not a playbook of this revision` : 'playbook is required with project_id'}; its playbooks: ${known}`,
      { playbooks: target.revision.playbooks });
  }

  /** The newest finished lint of the project with the same options: its per-file results are the lint cache. */
  async previousLint(projectId: string, options: unknown): Promise<{ files: FileReport[]; findings: ProjectLintFinding[] } | undefined> {
    const rows: { result: { files?: FileReport[]; findings?: ProjectLintFinding[]; truncated?: boolean; engine?: string } }[] =
      await this.db.query(`
        SELECT result FROM tasks
         WHERE type = 'lint' AND status = 'completed' AND payload ? 'project_id' AND payload->>'project_id' = $1
           AND payload->'options' = $2::jsonb
         ORDER BY completed_at DESC LIMIT 1`, [projectId, JSON.stringify(options ?? {})]);
    const result = rows[0]?.result;
    // A truncated list lacks some files' findings: those could not be reused.
    if (!result?.files || !result.findings || result.truncated || result.engine !== 'builtin') return undefined;
    return { files: result.files, findings: result.findings };
  }
}
