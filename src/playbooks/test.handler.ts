import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { TaskHandler, TaskHandlerFor } from '../executor/task-handler';
import { workFile } from '../executor/worker-pool';
import type { Task } from '../tasks/task.entity';
import type { TestRequest } from './dto/test-request.dto';
import { playbookContent, runOptions } from './playbook-content';
import { PlaybooksRepository } from './playbooks.repository';
import { ProjectTargets } from '../projects/runs/project-targets';
import { describeLimits, detectLimits, installDir, setActiveLimits } from './runner/limits/detect';
import type { RunLimits } from './runner/limits/limits.types';
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
  private readonly limits: RunLimits;

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly playbooks: PlaybooksRepository,
    private readonly projects: ProjectTargets,
  ) {
    this.sandbox = config.test.sandbox ?? defaultSandbox();
    // Detected once, at boot: the strongest mechanism this host offers (docs/test-runner.md).
    const masked = [config.dataDir, installDir()].filter((p): p is string => !!p);
    this.limits = detectLimits(config.test.limits, this.sandbox, masked);
    setActiveLimits(this.sandbox, this.limits);
    const d = describeLimits(this.limits);
    new Logger('TestRunner').log(
      `test runs: sandbox ${this.sandbox}, limits by ${d.mechanism}${d.cgroup ? ` (${(d.cgroup as string[]).join(', ')})` : ''}, ` +
      `identity ${d.identity} (uid ${d.uid}); memory ${d.memory_mb} MB, ${d.processes} processes, disk ${d.disk_mb} MB, ` +
      `${d.cpu_share} CPU, ${d.open_files} open files`,
    );
  }

  async prepare(task: Task): Promise<TestRunInput> {
    const { check_mode, extra_vars, tags, skip_tags, limit } = runOptions<TestRequest>(task);
    return {
      ...(await this.target(task)), check_mode, extra_vars, tags, skip_tags, limit,
      timeout_seconds: this.limitSeconds(task), ansible_playbook: this.config.test.ansiblePlaybook, sandbox: this.sandbox,
      limits: this.limits,
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
