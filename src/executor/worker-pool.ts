import { extname, join } from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import type { AttemptKey, ReportMessage } from './thread-messages';
import { type RunOptions, ThreadPool } from './thread-pool';
import type { WorkOutcome, WorkRequest } from './worker';

/** Under Jest or tsx we run from TypeScript sources; the threads need tsx to load them too. */
const fromSource = extname(__filename) === '.ts';

/** The most tasks the dispatcher may queue in the pool beyond its threads (its prefetch). */
const MAX_QUEUED = 1024;

/** The worker-thread pool of this replica, sized by RELIA_TASK_MAX_WORKERS. */
@Injectable()
export class WorkerPool implements OnApplicationShutdown {
  private readonly threads: ThreadPool;

  constructor(@Inject(CONFIG) config: ReliaConfig) {
    this.threads = new ThreadPool({
      filename: join(__dirname, `worker${extname(__filename)}`),
      threads: config.task.maxWorkers,
      maxQueue: MAX_QUEUED,
      execArgv: fromSource ? ['--require', 'tsx/cjs'] : [],
    });
  }

  get size(): number {
    return this.threads.size;
  }

  get busy(): number {
    return this.threads.busy;
  }

  get queued(): number {
    return this.threads.queued;
  }

  /** Runs a work request (see ThreadPool.run). */
  run(request: WorkRequest, options?: RunOptions): Promise<WorkOutcome> {
    return this.threads.run(request, options);
  }

  /** The forced stop of an attempt: its thread is ended at once (or its queued work dropped). */
  kill(key: AttemptKey): void {
    this.threads.kill(key);
  }

  /** How many threads run an attempt started more than `ms` ago. */
  runningLongerThan(ms: number): number {
    return this.threads.runningLongerThan(ms);
  }

  /** Takes back up to `count` tasks still waiting for a thread; answers which. */
  unqueue(count: number): AttemptKey[] {
    return this.threads.unqueue(count);
  }

  /** Fires the AbortSignal of an attempt's work function (the cooperative stop). */
  abort(key: AttemptKey, reason: string): void {
    this.threads.abort(key, reason);
  }

  /** What work functions report: progress and the child processes they start. */
  onReport(listener: (report: ReportMessage) => void): void {
    this.threads.onReport(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.threads.destroy();
  }
}

/** The file of a work module next to `dir`, in whichever form (ts or js) is running. */
export function workFile(dir: string, base: string): string {
  return join(dir, `${base}${extname(__filename)}`);
}
