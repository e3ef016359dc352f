import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { CursorCodec } from '../common/cursor';
import { notFound, ProblemException } from '../common/problem';
import { uuidv7 } from '../common/uuid';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { checkGitRef, checkGitUrl } from './git/git-url-policy';
import type { Project, Revision } from './project';
import { ProjectsRepository } from './projects.repository';
import { RevisionsRepository } from './revisions.repository';
import type { StoredUpload } from './upload/upload-job';
import { UploadThreads } from './upload/upload-threads';

export const PROJECT_SYNC = 'project_sync';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A user's projects and their revisions. Another user's project is "not found", like a missing one. */
@Injectable()
export class ProjectsService {
  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly projects: ProjectsRepository,
    private readonly revisions: RevisionsRepository,
    private readonly uploads: UploadThreads,
    private readonly tasks: TasksService,
    private readonly cursors: CursorCodec,
  ) {}

  /** The project and its first revision commit together, or neither does. */
  createFromArchive(user: Principal, name: string, body: IncomingMessage, contentType?: string): Promise<StoredUpload> {
    return this.uploads.store(body, contentType, { create: { projectId: uuidv7(), userId: user.userId, name } });
  }

  addArchiveRevision(user: Principal, projectId: string, body: IncomingMessage, contentType?: string): Promise<StoredUpload> {
    return this.uploads.store(body, contentType, { revise: { projectId, owner: scope(user) } });
  }

  /** The project exists at once; its first revision comes from the sync task. */
  async createFromGit(user: Principal, name: string, git: { url: string; ref?: string; submodules?: boolean }): Promise<{ projectId: string; task: Task }> {
    const source = { url: git.url, ref: git.ref ?? 'HEAD', submodules: git.submodules ?? false };
    checkGitUrl(source.url, this.config.git);
    checkGitRef(source.ref);
    const projectId = uuidv7();
    await this.projects.insert({ id: projectId, userId: user.userId, name, git: source });
    // A project whose first sync could not be queued (a full backlog) is not left behind.
    const task = await this.enqueueSync(user.userId, projectId, name).catch(async (error: unknown) => {
      await this.projects.deleteVisible(projectId, user.userId);
      throw error;
    });
    return { projectId, task };
  }

  async sync(user: Principal, projectId: string): Promise<Task> {
    const project = await this.get(user, projectId);
    if (!project.git) throw new ProblemException('validation_failed', 'This project has no git source: upload a new revision instead');
    return this.enqueueSync(project.userId, project.id, project.name);
  }

  async get(user: Principal, projectId: string): Promise<Project> {
    return (await this.projects.findVisible(projectId, scope(user))) ?? throwNotFound();
  }

  async list(user: Principal, cursor: string | undefined, limit: number): Promise<Page<Project>> {
    return this.page(`projects:${user.userId}:${user.isAdmin}`, cursor, limit, (after) => this.projects.list(scope(user), after, limit + 1));
  }

  async delete(user: Principal, projectId: string): Promise<void> {
    if (!(await this.projects.deleteVisible(projectId, scope(user)))) throwNotFound();
  }

  async listRevisions(user: Principal, projectId: string, cursor: string | undefined, limit: number): Promise<Page<Revision>> {
    const project = await this.get(user, projectId);
    return this.page(`revisions:${project.id}`, cursor, limit, (after) => this.revisions.list(project.id, after, limit + 1));
  }

  /** `head` names the project's current revision. */
  async revision(user: Principal, projectId: string, revisionId: string): Promise<Revision> {
    const project = await this.get(user, projectId);
    const id = revisionId === 'head' ? project.headRevisionId : revisionId;
    return (id && (await this.revisions.find(project.id, id))) || throwNotFound('Revision');
  }

  private enqueueSync(userId: string, projectId: string, name: string): Promise<Task> {
    return this.tasks.enqueue(PROJECT_SYNC, userId, { project_id: projectId }, { project_id: projectId, project_name: name },
      { maxAttempts: 1 }).then((r) => r.task);
  }

  private async page<T extends { createdAt: Date; id: string }>(scopeKey: string, cursor: string | undefined, limit: number,
    fetch: (after: { createdAt: Date; id: string } | undefined) => Promise<T[]>): Promise<Page<T>> {
    const rows = await fetch(cursor ? this.cursors.decode(cursor, scopeKey) : undefined);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? this.cursors.encode(items[items.length - 1], scopeKey) : null };
  }
}

/** Whose projects a principal may see: undefined means everyone's (admins). */
export function scope(user: Principal): string | undefined {
  return user.isAdmin ? undefined : user.userId;
}

function throwNotFound(what = 'Project'): never {
  throw notFound(what);
}
