import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { ProblemException } from '../common/problem';
import { ProjectTargets } from '../projects/runs/project-targets';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import type { RunRequest } from './dto/lint-request.dto';
import type { TestRequest } from './dto/test-request.dto';
import { PlaybooksService } from './playbooks.service';

export type RunType = 'lint' | 'test';

/** What a run task works on, as its payload and its (listed) details say. */
interface RunTarget {
  payload: Record<string, unknown>;
  details: Record<string, unknown>;
}

/** Turns lint and test requests into tasks, and waits for them on the synchronous endpoints. */
@Injectable()
export class RunsService {
  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly playbooks: PlaybooksService,
    private readonly projects: ProjectTargets,
    private readonly tasks: TasksService,
  ) {}

  /** A new task for the user's playbook or project (404 if it is not theirs); `created` false on a replay. */
  async submit(type: RunType, user: Principal, request: RunRequest, idempotencyKey?: string): Promise<{ task: Task; created: boolean }> {
    const { playbook_id, project_id, revision_id, playbook, priority, ...options } = request as TestRequest;
    const target = playbook_id ? await this.playbookTarget(playbook_id, user, project_id ?? revision_id)
      : await this.projectTarget(type, user, project_id, revision_id, playbook);
    return this.tasks.enqueue(type, user.userId, { ...target.payload, options }, target.details, { priority, idempotencyKey });
  }

  /** Submits, then waits up to RELIA_SYNC_WAIT_SECONDS; the task as it is then. */
  async run(type: RunType, user: Principal, request: RunRequest, idempotencyKey?: string): Promise<Task> {
    const { task } = await this.submit(type, user, request, idempotencyKey);
    return this.tasks.waitForTask(task, this.config.syncWaitSeconds * 1000);
  }

  private async playbookTarget(playbookId: string, user: Principal, projectField: string | undefined): Promise<RunTarget> {
    if (projectField) throw new ProblemException('validation_failed', 'give either playbook_id or project_id (with revision_id), not both');
    const name = await this.playbooks.nameOf(playbookId, user.userId);
    return { payload: { playbook_id: playbookId }, details: { playbook_id: playbookId, playbook_name: name } };
  }

  private async projectTarget(type: RunType, user: Principal, projectId: string | undefined, revisionId: string | undefined,
    playbook: string | undefined): Promise<RunTarget> {
    if (!projectId) throw new ProblemException('validation_failed', 'playbook_id or project_id is required');
    const target = await this.projects.resolve(user, projectId, revisionId);
    const ids = { project_id: projectId, revision_id: target.revision.id };
    const chosen = type === 'test' ? { playbook: this.projects.checkPlaybook(target, playbook) } : {};
    return { payload: { ...ids, ...chosen }, details: { ...ids, project_name: target.project.name, ...chosen } };
  }
}
