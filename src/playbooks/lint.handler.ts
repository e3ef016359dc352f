import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { TaskHandler, TaskHandlerFor } from '../executor/task-handler';
import { workFile } from '../executor/worker-pool';
import type { Task } from '../tasks/task.entity';
import type { LintRequest } from './dto/lint-request.dto';
import type { LintInput } from './lint/lint.worker';
import { playbookContent, runOptions } from './playbook-content';
import { PlaybooksRepository } from './playbooks.repository';
import { ProjectTargets } from '../projects/runs/project-targets';

/** `lint` tasks: the playbook through the built-in engine (or ansible-lint) in the worker pool. */
@Injectable()
// Above ansible-lint's own 120 s limit, which fails the task with a clearer message first.
@TaskHandlerFor({ type: 'lint', timeoutSeconds: 150 })
export class LintTaskHandler implements TaskHandler<LintInput> {
  readonly work = { file: workFile(join(__dirname, 'lint'), 'lint.worker'), fn: 'lint' };

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly playbooks: PlaybooksRepository,
    private readonly projects: ProjectTargets,
  ) {}

  async prepare(task: Task): Promise<LintInput> {
    const { engine, profile, skip_list, warn_list } = runOptions<LintRequest>(task);
    const base = { engine, ansible_lint: this.config.lint.ansibleLint, options: { profile, skip_list, warn_list } };
    if (!task.payload.project_id) return { ...base, content: await playbookContent(this.playbooks, task) };
    return { ...base, project: await this.projectInput(task, engine) };
  }

  /** A project lint reads its files in the worker; the last lint's result is its cache. */
  private async projectInput(task: Task, engine: LintInput['engine']): Promise<LintInput['project']> {
    const { playbooks: _playbooks, ...revision } = await this.projects.revisionOf(task);
    const previous = engine === 'ansible-lint' ? undefined : await this.projects.previousLint(String(task.payload.project_id), task.payload.options);
    return { ...revision, previous };
  }
}
