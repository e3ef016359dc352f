import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { TaskHandler, TaskHandlerFor } from '../executor/task-handler';
import { workFile } from '../executor/worker-pool';
import type { Task } from '../tasks/task.entity';
import type { LintRequest } from './dto/lint-request.dto';
import type { LintInput } from './lint/lint.worker';
import { playbookContent, runOptions } from './playbook-content';
import { PlaybooksRepository } from './playbooks.repository';

/** `lint` tasks: the playbook through the built-in engine (or ansible-lint) in the worker pool. */
@Injectable()
@TaskHandlerFor({ type: 'lint', timeoutSeconds: 120 })
export class LintTaskHandler implements TaskHandler<LintInput> {
  readonly work = { file: workFile(join(__dirname, 'lint'), 'lint.worker'), fn: 'lint' };

  constructor(private readonly playbooks: PlaybooksRepository) {}

  async prepare(task: Task): Promise<LintInput> {
    const { engine, profile, skip_list, warn_list } = runOptions<LintRequest>(task);
    return { content: await playbookContent(this.playbooks, task), engine, options: { profile, skip_list, warn_list } };
  }
}
