import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { TaskHandler, TaskHandlerFor } from '../executor/task-handler';
import { workFile } from '../executor/worker-pool';
import type { Task } from '../tasks/task.entity';
import type { TestRequest } from './dto/test-request.dto';
import { playbookContent, runOptions } from './playbook-content';
import { PlaybooksRepository } from './playbooks.repository';
import { ProjectTargets } from '../projects/runs/project-targets';
import { defaultSandbox } from './runner/sandbox';
import type { SandboxKind, TestRunInput } from './runner/test-run.types';

/** The runner stops itself at the run's limit with a clear error; the executor's limit is a backstop. */
const BACKSTOP_SECONDS = 30;

/** `test` tasks: a real ansible-playbook run (syntax check, then check mode) in a sandbox. */
@Injectable()
@TaskHandlerFor({ type: 'test' })
export class TestTaskHandler implements TaskHandler<TestRunInput> {
  readonly work = { file: workFile(join(__dirname, 'runner'), 'test-runner.worker'), fn: 'testPlaybook' };
  private readonly sandbox: SandboxKind;

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly playbooks: PlaybooksRepository,
    private readonly projects: ProjectTargets,
  ) {
    this.sandbox = config.test.sandbox ?? defaultSandbox();
  }

  async prepare(task: Task): Promise<TestRunInput> {
    const { check_mode, extra_vars, tags, skip_tags, limit } = runOptions<TestRequest>(task);
    return {
      ...(await this.target(task)), check_mode, extra_vars, tags, skip_tags, limit,
      timeout_seconds: this.limitSeconds(task), ansible_playbook: this.config.test.ansiblePlaybook, sandbox: this.sandbox,
    };
  }

  /** A stored playbook's content, or the project revision whose tree the worker writes out itself. */
  private async target(task: Task): Promise<Pick<TestRunInput, 'content' | 'project'>> {
    if (!task.payload.project_id) return { content: await playbookContent(this.playbooks, task) };
    const { databaseUrl, revisionId, playbooks } = await this.projects.revisionOf(task);
    return { project: { databaseUrl, revisionId, playbooks, playbook: String(task.payload.playbook) } };
  }

  timeoutMs(task: Task): number {
    return (this.limitSeconds(task) + BACKSTOP_SECONDS) * 1000;
  }

  private limitSeconds(task: Task): number {
    const requested = runOptions<TestRequest>(task).timeout_seconds ?? this.config.test.maxSeconds;
    return Math.min(requested, this.config.test.maxSeconds);
  }
}
