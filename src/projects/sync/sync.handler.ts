import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../../config/config.module';
import type { ReliaConfig } from '../../config/config';
import { DATABASE_URL } from '../../database/tokens';
import { TaskError } from '../../executor/task-error';
import { TaskHandler, TaskHandlerFor } from '../../executor/task-handler';
import { workFile } from '../../executor/worker-pool';
import type { Task } from '../../tasks/task.entity';
import { projectLimits } from '../project-limits';
import { ProjectsRepository } from '../projects.repository';
import type { SyncInput } from './sync.types';

/** Beyond git's own limit: storing and indexing a large tree takes a while too. */
const STORE_SECONDS = 120;

/** `project_sync` tasks: a shallow fetch of the project's git source, stored as a revision. */
@Injectable()
@TaskHandlerFor({ type: 'project_sync' })
export class ProjectSyncHandler implements TaskHandler<SyncInput> {
  readonly work = { file: workFile(__dirname, 'sync.worker'), fn: 'syncProject' };

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly projects: ProjectsRepository,
  ) {}

  async prepare(task: Task): Promise<SyncInput> {
    const project = await this.projects.findVisible(String(task.payload.project_id), task.userId);
    if (!project?.git) throw new TaskError('project_not_found', 'The project was deleted before its sync ran');
    const { timeoutSeconds, allowFileUrls, allowedHosts, credentialsFile, sshKeyFile, knownHostsFile, caFile } = this.config.git;
    return {
      databaseUrl: this.databaseUrl, projectId: project.id, source: { url: project.git.url, ref: project.git.ref },
      submodules: project.git.submodules, limits: projectLimits(this.config),
      git: { timeoutSeconds, allowFileUrls, allowedHosts, credentialsFile, sshKeyFile, knownHostsFile, caFile },
    };
  }

  timeoutMs(): number {
    return (this.config.git.timeoutSeconds + STORE_SECONDS) * 1000;
  }
}
