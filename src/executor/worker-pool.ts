import { extname, join } from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import type { WorkOutcome, WorkRequest } from './worker';

/** Under Jest or tsx we run from TypeScript sources; the threads need tsx to load them too. */
const fromSource = extname(__filename) === '.ts';

/**
 * The worker-thread pool, sized by RELIA_TASK_MAX_WORKERS. The dispatcher never hands it more
 * tasks than its threads plus RELIA_TASK_PREFETCH, so the queue bound below only guards misuse.
 */
@Injectable()
export class WorkerPool implements OnApplicationShutdown {
  private readonly piscina: Piscina;

  constructor(@Inject(CONFIG) config: ReliaConfig) {
    const threads = config.task.maxWorkers;
    this.piscina = new Piscina({
      filename: join(__dirname, `worker${extname(__filename)}`),
      minThreads: threads,
      maxThreads: threads,
      maxQueue: threads + config.task.prefetch,
      idleTimeout: 60_000,
      execArgv: fromSource ? ['--require', 'tsx/cjs'] : [],
    });
  }

  get size(): number {
    return this.piscina.threads.length;
  }

  get busy(): number {
    return Math.round(this.piscina.utilization * this.piscina.threads.length);
  }

  get queued(): number {
    return this.piscina.queueSize;
  }

  /** Runs a work request; aborting `kill` ends the thread at once (the forced stop). */
  run(request: WorkRequest, kill: AbortSignal): Promise<WorkOutcome> {
    return this.piscina.run(request, { transferList: [request.port], signal: kill });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.piscina.destroy();
  }
}

/** The file of a work module next to `dir`, in whichever form (ts or js) is running. */
export function workFile(dir: string, base: string): string {
  return join(dir, `${base}${extname(__filename)}`);
}
