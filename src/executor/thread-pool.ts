import { Worker } from 'node:worker_threads';
import type { AttemptKey, DoneMessage, FromWorker, ReportMessage, ToWorker } from './thread-messages';
import type { WorkOutcome, WorkRequest } from './worker';

export interface ThreadPoolOptions {
  /** The worker module (see worker.ts). */
  filename: string;
  threads: number;
  /** Requests that may wait for a thread; past it `run` rejects instead of growing a queue. */
  maxQueue: number;
  execArgv?: string[];
}

/**
 * The most fast-type jobs handed to a thread in one message. Each hand-over wakes a sleeping
 * thread and each answer the main thread (on these 2 cores the wake-ups, not the work, were most
 * of a no-op task's cost); a handful at once shares one wake-up out.
 */
const MAX_HANDOVER = 8;
/**
 * How long a thread may take to answer a forced stop of a job handed to it (see DropMessage):
 * one busy in synchronous code cannot answer at all, and is then ended.
 */
const DROP_ANSWER_MS = 200;

/** How a job runs, beyond its request. */
export interface RunOptions {
  /** Short enough to wait in a thread behind another job (a fast task type): may go over with others. */
  batchable?: boolean;
  /** Called when the job is handed to a thread (its wait for a thread is over). */
  onStart?: () => void;
}

interface Job extends RunOptions {
  request: WorkRequest;
  /** Its forced stop was asked while it waited in a thread; it settles as stopped. */
  dropped?: boolean;
  resolve(outcome: WorkOutcome): void;
  reject(error: Error): void;
  /** A cooperative stop asked for while the job waited. */
  abortReason?: string;
}

interface Slot {
  worker: Worker;
  /** Handed to this thread, in the order it runs them; the first runs (or is about to). */
  jobs: Job[];
  startedAt?: number;
}

export class PoolQueueFullError extends Error {
  override name = 'PoolQueueFullError';
}

/** A job given back before it started: taken from the queue, or left waiting in a thread that was ended. */
export class UnqueuedError extends Error {
  override name = 'UnqueuedError';
}

/**
 * A fixed set of worker threads, each running one task at a time, over its own port. Semantics
 * after piscina's (a bounded queue that rejects, a forced stop that ends the thread running the
 * task, a replacement thread at once), with none of its per-task cost: piscina spent more
 * main-thread time per no-op task than everything else in a run (its balancer builds an object
 * per thread for every task), topping out at 18,600 no-ops/s with 16 threads here where a bare
 * port round trip does 69,000. Fast jobs may be handed over several at once (MAX_HANDOVER); they
 * then wait in their thread, still one running at a time.
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

  /** Runs a request on the next free thread (`kill` is its forced stop). */
  run(request: WorkRequest, options: RunOptions = {}): Promise<WorkOutcome> {
    if (this.closed) return Promise.reject(new Error('The thread pool is closed'));
    if (this.idle.length === 0 && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new PoolQueueFullError(`The thread pool's queue is full (${this.options.maxQueue})`));
    }
    return new Promise((resolve, reject) => {
      const job: Job = { ...options, request, resolve, reject };
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
    for (const job of taken) job.reject(new UnqueuedError('Given back before it started'));
    return taken.map(({ request: { id, attempt } }) => ({ id, attempt }));
  }

  /**
   * The forced stop of an attempt: a queued job is dropped, a running one ends with its thread
   * (and a fresh thread takes its place). Its `run` rejects with an AbortError.
   * (An AbortSignal per job, piscina's way, cost ~6 µs of the main thread per task here.)
   */
  kill(key: AttemptKey): void {
    const queued = this.queue.findIndex((job) => sameAttempt(job.request, key));
    if (queued >= 0) return this.queue.splice(queued, 1)[0].reject(abortError());
    for (const slot of this.slots) {
      const job = slot.jobs.find((j) => sameAttempt(j.request, key));
      if (job) return this.killHandedOver(slot, job);
    }
  }

  /** Fires the AbortSignal of an attempt's work function, running or still queued. */
  abort(key: AttemptKey, reason: string): void {
    for (const slot of this.slots) {
      if (slot.jobs.some((job) => sameAttempt(job.request, key))) return this.post(slot, { kind: 'abort', ...key, reason });
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
    for (const job of this.queue.splice(0)) job.reject(new Error('The thread pool was closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new Error('The thread pool was closed'))));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const jobs = this.takeHandover();
      const slot = this.idle.pop()!;
      slot.jobs = jobs;
      slot.startedAt = performance.now();
      slot.worker.ref();
      try {
        this.post(slot, { kind: 'run', jobs: jobs.map(({ request, abortReason }) => ({ request, abortReason })) });
      } catch (error) {
        this.free(slot);
        this.notCloneable(jobs, error as Error);
        continue;
      }
      for (const job of jobs) job.onStart?.();
    }
  }

  /** The next job, with the fast ones behind it while the queue holds more than a job per idle thread. */
  private takeHandover(): Job[] {
    const jobs = [this.queue.shift()!];
    if (!jobs[0].batchable) return jobs;
    const share = Math.min(MAX_HANDOVER, Math.ceil((this.queue.length + 1) / this.idle.length));
    while (jobs.length < share && this.queue[0]?.batchable) jobs.push(this.queue.shift()!);
    return jobs;
  }

  /**
   * An input that cannot cross the thread boundary: that job fails and the thread stays free.
   * Which one of a hand-over it was is unknown, so they go back to the front one by one.
   */
  private notCloneable(jobs: Job[], error: Error): void {
    if (jobs.length === 1) return jobs[0].reject(error);
    for (const job of jobs) job.batchable = false;
    this.queue.unshift(...jobs);
  }

  private spawn(): void {
    const slot: Slot = { worker: new Worker(this.options.filename, { execArgv: this.options.execArgv }), jobs: [] };
    slot.worker.unref();
    slot.worker.on('message', (message: FromWorker) => this.receive(slot, message));
    // A thread that dies on its own (an uncaught error, an OOM) fails its task and is replaced.
    slot.worker.on('error', (error) => void this.replace(slot, error));
    slot.worker.on('exit', (code) => void this.replace(slot, new Error(`The worker thread exited with code ${code}`)));
    this.slots.add(slot);
    this.idle.push(slot);
  }

  private receive(slot: Slot, message: FromWorker): void {
    // A thread being ended may still deliver what it posted just before: its jobs are settled
    // already, and the slot must not come back as idle.
    if (!this.slots.has(slot)) return;
    if (message.kind === 'done') return this.finish(slot, message);
    // A job whose forced stop came too late to skip it: only ending the thread stops it.
    if (message.kind === 'running') {
      const job = slot.jobs.find((j) => sameAttempt(j.request, message));
      return void (job && this.replace(slot, abortError(), job));
    }
    this.reportListener(message);
  }

  private finish(slot: Slot, done: DoneMessage): void {
    const index = slot.jobs.findIndex((job) => sameAttempt(job.request, done));
    if (index < 0) return;
    const [job] = slot.jobs.splice(index, 1);
    if (slot.jobs.length === 0) this.free(slot);
    else slot.startedAt = performance.now();
    if (job.dropped) job.reject(abortError());
    else job.resolve(done.outcome);
    this.dispatch();
  }

  private free(slot: Slot): void {
    slot.jobs = [];
    slot.startedAt = undefined;
    slot.worker.unref();
    this.idle.push(slot);
  }

  private killHandedOver(slot: Slot, job: Job): void {
    if (slot.jobs[0] === job) return void this.replace(slot, abortError(), job);
    // It waits behind another job, or has just started: the thread says which (see DropMessage).
    job.dropped = true;
    this.post(slot, { kind: 'drop', id: job.request.id, attempt: job.request.attempt });
    setTimeout(() => {
      if (slot.jobs.includes(job)) void this.replace(slot, abortError(), job);
    }, DROP_ANSWER_MS).unref();
  }

  /**
   * Ends a slot's thread, fails the job it was ended for (`culprit`: by default the one running)
   * with `error`, and starts a fresh thread in its place. The other jobs handed to it are given
   * back (UnqueuedError), not run again here: one may have started already, and an attempt never
   * runs twice; the dispatcher hands them back to pending, for a new attempt.
   */
  private async replace(slot: Slot, error: Error, culprit = slot.jobs[0]): Promise<void> {
    if (!this.slots.has(slot)) return;
    await this.retire(slot, error, culprit);
    if (!this.closed) this.spawn();
    this.dispatch();
  }

  private async retire(slot: Slot, error: Error, culprit = slot.jobs[0]): Promise<void> {
    this.slots.delete(slot);
    const idleAt = this.idle.indexOf(slot);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const jobs = slot.jobs;
    slot.jobs = [];
    for (const job of jobs) {
      const reason = job === culprit ? error : new UnqueuedError('Given back: its thread was ended');
      job.reject(reason);
    }
    slot.worker.removeAllListeners('exit');
    await slot.worker.terminate();
  }

  private post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }
}

function sameAttempt(a: AttemptKey, b: AttemptKey): boolean {
  return a.id === b.id && a.attempt === b.attempt;
}

function abortError(): Error {
  const error = new Error('The task was stopped by force');
  error.name = 'AbortError';
  return error;
}
