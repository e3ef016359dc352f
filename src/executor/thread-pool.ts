import { Worker } from 'node:worker_threads';
import type { AttemptKey, FromWorker, ReportMessage, ToWorker } from './thread-messages';
import type { WorkOutcome, WorkRequest } from './worker';

export interface ThreadPoolOptions {
  /** The worker module (see worker.ts). */
  filename: string;
  threads: number;
  /** Requests that may wait for a thread; past it `run` rejects instead of growing a queue. */
  maxQueue: number;
  execArgv?: string[];
}

interface Job {
  request: WorkRequest;
  resolve(outcome: WorkOutcome): void;
  reject(error: Error): void;
  kill: AbortSignal;
  onKill(): void;
  /** A cooperative stop asked for while the job waited. */
  abortReason?: string;
}

interface Slot {
  worker: Worker;
  job?: Job;
  startedAt?: number;
}

export class PoolQueueFullError extends Error {
  override name = 'PoolQueueFullError';
}

/** A queued job given back with `unqueue` before any thread started it. */
export class UnqueuedError extends Error {
  override name = 'UnqueuedError';
}

/**
 * A fixed set of worker threads, each running one task at a time, over its own port. Semantics
 * after piscina's (a bounded queue that rejects, an AbortSignal per task that ends the thread
 * running it, a replacement thread at once), with none of its per-task cost: piscina spent more
 * main-thread time per no-op task than everything else in a run (its balancer builds an object
 * per thread for every task), topping out at 18,600 no-ops/s with 16 threads here where a bare
 * port round trip does 69,000.
 */
export class ThreadPool {
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly queue: Job[] = [];
  private reportListener: (report: ReportMessage) => void = () => undefined;
  private closed = false;

  constructor(private readonly options: ThreadPoolOptions) {
    for (let i = 0; i < options.threads; i++) this.spawn();
  }

  get size(): number {
    return this.slots.size;
  }

  get busy(): number {
    return this.slots.size - this.idle.length;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Runs a request on the next free thread; aborting `kill` ends that thread (or drops the queued job). */
  run(request: WorkRequest, kill: AbortSignal): Promise<WorkOutcome> {
    if (this.closed) return Promise.reject(new Error('The thread pool is closed'));
    if (kill.aborted) return Promise.reject(abortError(kill));
    if (this.idle.length === 0 && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new PoolQueueFullError(`The thread pool's queue is full (${this.options.maxQueue})`));
    }
    return new Promise((resolve, reject) => {
      const job: Job = { request, resolve, reject, kill, onKill: () => this.killJob(job) };
      kill.addEventListener('abort', job.onKill, { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** How many threads run a job started more than `ms` ago. */
  runningLongerThan(ms: number, now = performance.now()): number {
    let count = 0;
    for (const slot of this.slots) if (slot.startedAt !== undefined && now - slot.startedAt > ms) count++;
    return count;
  }

  /** Takes back up to `count` queued jobs, newest first (each rejects with UnqueuedError); answers their keys. */
  unqueue(count: number): AttemptKey[] {
    const taken = this.queue.splice(Math.max(0, this.queue.length - count));
    for (const job of taken) this.settle(job, () => job.reject(new UnqueuedError('Given back before it started')));
    return taken.map(({ request: { id, attempt } }) => ({ id, attempt }));
  }

  /** Fires the AbortSignal of an attempt's work function, running or still queued. */
  abort(key: AttemptKey, reason: string): void {
    for (const slot of this.slots) {
      if (slot.job && sameAttempt(slot.job.request, key)) return this.post(slot, { kind: 'abort', ...key, reason });
    }
    const queued = this.queue.find((job) => sameAttempt(job.request, key));
    if (queued) queued.abortReason = reason;
  }

  onReport(listener: (report: ReportMessage) => void): void {
    this.reportListener = listener;
  }

  /** Ends every thread; running and queued work is rejected. */
  async destroy(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(new Error('The thread pool was closed')));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new Error('The thread pool was closed'))));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const slot = this.idle.pop()!;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.startedAt = performance.now();
      slot.worker.ref();
      try {
        this.post(slot, { kind: 'run', request: job.request, abortReason: job.abortReason });
      } catch (error) {
        // An input that cannot cross the thread boundary: that job fails, the thread stays free.
        this.free(slot);
        this.settle(job, () => job.reject(error as Error));
      }
    }
  }

  private spawn(): void {
    const slot: Slot = { worker: new Worker(this.options.filename, { execArgv: this.options.execArgv }) };
    slot.worker.unref();
    slot.worker.on('message', (message: FromWorker) => this.receive(slot, message));
    // A thread that dies on its own (an uncaught error, an OOM) fails its task and is replaced.
    slot.worker.on('error', (error) => void this.replace(slot, error));
    slot.worker.on('exit', (code) => void this.replace(slot, new Error(`The worker thread exited with code ${code}`)));
    this.slots.add(slot);
    this.idle.push(slot);
  }

  private receive(slot: Slot, message: FromWorker): void {
    // A thread being ended may still deliver what it posted just before: its job is settled
    // already, and the slot must not come back as idle.
    if (!this.slots.has(slot)) return;
    if (message.kind !== 'done') return this.reportListener(message);
    const job = slot.job;
    this.free(slot);
    if (job) this.settle(job, () => job.resolve(message.outcome));
    this.dispatch();
  }

  private free(slot: Slot): void {
    slot.job = undefined;
    slot.startedAt = undefined;
    slot.worker.unref();
    this.idle.push(slot);
  }

  private killJob(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) {
      this.queue.splice(index, 1);
      return job.reject(abortError(job.kill));
    }
    const slot = [...this.slots].find((s) => s.job === job);
    if (slot) void this.replace(slot, abortError(job.kill));
  }

  /** Ends a slot's thread, fails its job with `error`, and starts a fresh thread in its place. */
  private async replace(slot: Slot, error: Error): Promise<void> {
    if (!this.slots.has(slot)) return;
    await this.retire(slot, error);
    if (!this.closed) this.spawn();
    this.dispatch();
  }

  private async retire(slot: Slot, error: Error): Promise<void> {
    this.slots.delete(slot);
    const idleAt = this.idle.indexOf(slot);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const job = slot.job;
    slot.job = undefined;
    if (job) this.settle(job, () => job.reject(error));
    slot.worker.removeAllListeners('exit');
    await slot.worker.terminate();
  }

  private settle(job: Job, finish: () => void): void {
    job.kill.removeEventListener('abort', job.onKill);
    finish();
  }

  private post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }
}

function sameAttempt(a: AttemptKey, b: AttemptKey): boolean {
  return a.id === b.id && a.attempt === b.attempt;
}

function abortError(signal: AbortSignal): Error {
  const error = new Error(`The task was stopped: ${String(signal.reason ?? 'aborted')}`);
  error.name = 'AbortError';
  return error;
}
