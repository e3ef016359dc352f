import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import type { RunRequest } from './dto/lint-request.dto';
import { PlaybooksService } from './playbooks.service';

export type RunType = 'lint' | 'test';

/** Turns lint and test requests into tasks, and waits for them on the synchronous endpoints. */
@Injectable()
export class RunsService {
  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly playbooks: PlaybooksService,
    private readonly tasks: TasksService,
  ) {}

  /** A new task for the user's playbook (404 if it is not theirs); `created` false on a replay. */
  async submit(type: RunType, user: Principal, request: RunRequest, idempotencyKey?: string): Promise<{ task: Task; created: boolean }> {
    const { playbook_id, priority, ...options } = request;
    const playbookName = await this.playbooks.nameOf(playbook_id, user.userId);
    return this.tasks.enqueue(type, user.userId, { playbook_id, options }, { playbook_id, playbook_name: playbookName },
      { priority, idempotencyKey });
  }

  /** Submits, then waits up to RELIA_SYNC_WAIT_SECONDS; the task as it is then. */
  async run(type: RunType, user: Principal, request: RunRequest, idempotencyKey?: string): Promise<Task> {
    const { task } = await this.submit(type, user, request, idempotencyKey);
    return this.tasks.waitForTask(task, this.config.syncWaitSeconds * 1000);
  }
}
