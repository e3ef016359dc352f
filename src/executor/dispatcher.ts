import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { appendFileSync } from 'node:fs';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { CHANNELS, PgListener } from '../database/pg-listener';
import { PgNotifier } from '../database/pg-notifier';
import type { Task, TaskErrorInfo } from '../tasks/task.entity';
import { TASK_EVENTS, TASK_SIGNALS, TaskEventName } from '../tasks/task-events';
import { TasksRepository } from '../tasks/tasks.repository';
import { Attempt } from './attempt';
import { CompletionBatch } from './completion-batch';
import { HandlerRegistry } from './handler-registry';
import { Prefetch, PrefetchPlan, SLOW_RUN_MS } from './prefetch';
import type { AttemptKey } from './thread-messages';
import type { WorkOutcome } from './worker';
import { WorkerPool } from './worker-pool';

const RECOVERY_BATCH = 100;
/** The most tasks one claim statement takes: keeps its locks and its latency short. */
const MAX_CLAIM = 256;
/** How far down the line a prefetch claim looks for fast tasks (bounds its scan). */
const PREFETCH_HORIZON = 1000;
/** How often the local queue is checked against what this replica should hold (see Prefetch). */
const RELEASE_CHECK_MS = 250;
const MAX_BACKOFF_S = 300;
/**
 * RELIA_PICKUP_TRACE=<file>, for bench/executor.ts's pickup breakdown only: one line per started
 * task, "id woken claim-sent claim-returned handed-over" (ms since the epoch, sub-ms). Off, it
 * costs one test of a constant per claim and per start.
 */
const PICKUP_TRACE = process.env.RELIA_PICKUP_TRACE;
const traceNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs tasks on this replica: claims pending tasks while workers are free (woken by NOTIFY, with
 * polling as the fallback), runs each attempt in the pool, keeps its lease alive, stops it on
 * cancel or timeout, and records the outcome with a fenced write. Any replica also recovers tasks
 * whose replica died (expired leases).
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  private readonly attempts = new Map<string, Attempt>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly leaseMs: number;
  private accepting = false;
  private claiming = false;
  private claimAgain = false;
  /** Attempts whose work is running or queued for a thread (the rest only write their outcome). */
  private busy = 0;
  private draining: Promise<void> | undefined;
  private readonly completions: CompletionBatch;
  private readonly prefetch: Prefetch;
  /** With PICKUP_TRACE: when the last wake NOTIFY arrived, and each claimed task's stamps so far. */
  private wokenAt = 0;
  private readonly traced = new Map<string, string>();

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly tasks: TasksRepository,
    private readonly pool: WorkerPool,
    private readonly registry: HandlerRegistry,
    private readonly listener: PgListener,
    private readonly notifier: PgNotifier,
    private readonly events: EventEmitter2,
  ) {
    this.leaseMs = config.task.leaseSeconds * 1000;
    this.completions = new CompletionBatch((results) => this.tasks.completeEach(results));
    this.prefetch = new Prefetch(config.task.prefetch, config.task.maxWorkers);
  }

  get running(): number {
    return this.attempts.size;
  }

  get isDraining(): boolean {
    return this.draining !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.listener.on(CHANNELS.wake, PICKUP_TRACE ? () => ((this.wokenAt = traceNow()), this.wake()) : () => this.wake());
    this.listener.on('reconnected', () => this.wake());
    this.listener.on(CHANNELS.cancel, (id: string) => this.stopLocal(id));
    this.pool.onReport((report) => this.attemptOf(report)?.receive(report));
    this.accepting = true;
    // A replica that restarts with the same id recovers what its previous life left running.
    await this.recover(this.config.replicaId);
    this.every(this.config.task.pollIntervalMs, () => this.wake());
    this.every(this.leaseMs / 3, () => this.heartbeat());
    // Cheap (a partial index over running rows), and it bounds how long a dead replica's tasks wait.
    this.every(Math.min(this.leaseMs / 2, 1000), () => this.recover());
    this.every(Math.max(this.config.task.progressIntervalMs, 10), () => this.flushProgress());
    this.every(RELEASE_CHECK_MS, () => this.releaseExcess());
    this.wake();
  }

  @OnEvent(TASK_SIGNALS.submitted)
  onSubmitted(): void {
    this.wake();
    this.notifier.coalesced(CHANNELS.wake);
  }

  @OnEvent(TASK_SIGNALS.cancelRequested)
  onCancelRequested(id: string): void {
    if (this.attempts.has(id)) this.stopLocal(id);
    else void this.notifier.send(CHANNELS.cancel, id);
  }

  /** Claims as many tasks as there are free workers; one claim loop at a time. An API-only replica claims nothing. */
  wake(): void {
    if (!this.accepting || this.config.task.maxWorkers === 0) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    void this.claimLoop().finally(() => (this.claiming = false));
  }

  /** Stops claiming, lets running attempts finish for the grace period, then hands the rest back. */
  drain(): Promise<void> {
    this.draining ??= this.drainNow();
    return this.draining;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private async claimLoop(): Promise<void> {
    try {
      do {
        this.claimAgain = false;
        const plan = this.prefetchPlan();
        const free = Math.max(0, this.config.task.maxWorkers - this.busy);
        const ahead = Math.max(0, this.config.task.maxWorkers + plan.depth - this.busy) - free;
        // Work of any type for free threads first; then work ahead, while runnable work remains.
        const full = await this.claimBatch(free);
        const fullAhead = (free === 0 || full) && (await this.claimBatch(ahead, plan.types));
        if (full || fullAhead) this.claimAgain = true;
      } while (this.claimAgain && this.accepting);
    } catch (error) {
      this.logger.warn(`Claim failed: ${(error as Error).message}`);
    }
  }

  /** Claims and starts up to `n` tasks (of `types` only, when given); answers whether it got all it asked. */
  private async claimBatch(n: number, types?: readonly string[]): Promise<boolean> {
    const limit = Math.min(n, MAX_CLAIM);
    if (limit <= 0 || types?.length === 0) return false;
    const only = types && { types, horizon: PREFETCH_HORIZON };
    const sentAt = PICKUP_TRACE ? traceNow() : 0;
    const claimed = await this.tasks.claim(this.config.replicaId, this.leaseMs, limit, only);
    if (PICKUP_TRACE) for (const task of claimed) this.traced.set(task.id, `${this.wokenAt} ${sentAt} ${traceNow()}`);
    for (const task of claimed) this.start(task);
    return claimed.length === limit;
  }

  private start(task: Task): void {
    const attempt = new Attempt(task, this.leaseMs, this.pool);
    this.attempts.set(task.id, attempt);
    this.busy++;
    this.emit(TASK_EVENTS.started, task);
    void this.execute(attempt).catch((e) => this.logger.error(`Task ${task.id}: ${(e as Error).stack}`)).finally(() => {
      attempt.settle();
      // A task handed back can be claimed here again before this attempt has settled: the next
      // attempt's entry is not this one's to remove (it once was, and that attempt lost its lease
      // renewals and its release).
      if (this.attempts.get(task.id) === attempt) this.attempts.delete(task.id);
    });
  }

  /**
   * The thread is free as soon as the work returns, so the next claim overlaps this outcome's
   * write: a worker then waits one round trip per task, not two.
   */
  private async execute(attempt: Attempt): Promise<void> {
    const outcome = await this.work(attempt);
    if (outcome.ms !== undefined) this.prefetch.observe(attempt.task.type, outcome.ms);
    this.busy--;
    this.wake();
    await this.recordDurably(attempt, outcome);
  }

  /**
   * The attempt's time limit covers `prepare` and the run in its thread, not the wait for a thread
   * (a task claimed ahead would otherwise spend its limit in this replica's queue).
   */
  private async work(attempt: Attempt): Promise<WorkOutcome> {
    const registered = this.registry.get(attempt.task.type);
    if (!registered) return failure('unknown_task_type', `No handler for task type "${attempt.task.type}"`);
    const limitMs = registered.handler.timeoutMs?.(attempt.task) ?? registered.timeoutMs;
    attempt.timeoutMs = limitMs;
    const timeUp = (): void => attempt.stop('timeout', this.config.task.cancelGraceMs);
    const begun = performance.now();
    let timeout = setTimeout(timeUp, limitMs);
    try {
      const input = await registered.handler.prepare(attempt.task);
      clearTimeout(timeout);
      // Stopped by force while `prepare` ran: there is no work to start.
      if (attempt.forced) return stoppedByForce();
      const leftMs = Math.max(0, limitMs - (performance.now() - begun));
      const request = { ...registered.handler.work, input, ...attempt.fence };
      const outcome = this.pool.run(request, {
        batchable: this.prefetch.isFast(attempt.task.type),
        onStart: () => {
          timeout = setTimeout(timeUp, leftMs);
          if (PICKUP_TRACE) this.traceHandover(attempt.task.id);
        },
      });
      // A stop that came while `prepare` ran found no work to tell: tell it now.
      if (attempt.stopReason) this.pool.abort(attempt.fence, attempt.stopReason);
      // Work that returns once a forced stop killed its child process did not finish: it was stopped.
      const done = await outcome;
      return attempt.forced ? stoppedByForce() : done;
    } catch (error) {
      return this.outcomeOf(error, attempt);
    } finally {
      clearTimeout(timeout);
    }
  }

  /**
   * A lost connection must neither turn a finished task into a failed one nor lose its outcome:
   * the write is retried (every write is fenced, so a retry that already landed changes nothing)
   * while the lease is surely ours; past that, lease recovery owns the task.
   */
  private async recordDurably(attempt: Attempt, outcome: WorkOutcome): Promise<void> {
    for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 1000)) {
      try {
        return await this.record(attempt, outcome);
      } catch (error) {
        if (Date.now() + delayMs > attempt.leaseDeadline) {
          return void this.logger.error(`Task ${attempt.fence.id}: outcome not written, left to lease recovery: ${error}`);
        }
        this.logger.warn(`Task ${attempt.fence.id}: outcome write failed (${(error as Error).message}); retrying`);
        await sleep(delayMs);
      }
    }
  }

  /** An error thrown outside the work function: by `prepare`, or by the pool on a forced stop. */
  private outcomeOf(error: unknown, attempt: Attempt): WorkOutcome {
    const e = error as { name?: string; code?: string; message?: string; retryable?: boolean };
    // Given back before it started: from the pool's queue, or from a thread ended for another job.
    if (e?.name === 'UnqueuedError' || attempt.stopReason === 'released') {
      attempt.release();
      return failure('released', 'Given back before it started');
    }
    if (attempt.forced) return stoppedByForce();
    if (e?.name === 'TaskError') return failure(e.code as string, e.message as string, e.retryable);
    this.logger.error(`Task ${attempt.task.id} could not start: ${(error as Error)?.stack ?? error}`);
    return failure('handler_error', e?.message ?? String(error));
  }

  private async record(attempt: Attempt, outcome: WorkOutcome): Promise<void> {
    const { fence } = attempt;
    const reason = attempt.stopReason;
    if (reason === 'lease_lost') return void this.logger.warn(`Task ${fence.id} attempt ${fence.attempt}: lease lost, outcome dropped`);
    if (reason === 'shutdown' || reason === 'released') return this.handBack(attempt);
    if (outcome.ok) {
      // The last progress details ride along with the result: one write per task, not two.
      const details = attempt.takeProgress()?.details;
      return this.finished(attempt, TASK_EVENTS.completed, await this.completions.complete(attempt.task, outcome.result, details));
    }
    await this.flushProgress(attempt);
    if (reason === 'canceled') {
      const mode = attempt.forced ? 'forced' : 'cooperative';
      return this.finished(attempt, TASK_EVENTS.canceled, await this.tasks.cancelRunning(fence, mode));
    }
    if (reason === 'timeout') return this.failed(attempt, { code: 'timeout', message: this.timeoutMessage(attempt) });
    if (outcome.error.stack) this.logger.warn(`Task ${fence.id} failed: ${outcome.error.stack}`);
    if (outcome.error.retryable && fence.attempt < attempt.task.maxAttempts) return this.retry(attempt, outcome.error);
    return this.failed(attempt, { code: outcome.error.code, message: outcome.error.message });
  }

  private async failed(attempt: Attempt, error: TaskErrorInfo): Promise<void> {
    this.finished(attempt, TASK_EVENTS.failed, await this.tasks.fail(attempt.fence, error));
  }

  private async retry(attempt: Attempt, error: TaskErrorInfo): Promise<void> {
    const delayMs = Math.min(2 ** attempt.fence.attempt, MAX_BACKOFF_S) * 1000;
    const task = await this.tasks.retry(attempt.fence, delayMs, { code: error.code, message: error.message }, false);
    this.changed(task);
    if (task) this.logger.log(`Task ${task.id} will retry in ${delayMs} ms after: ${error.message}`);
  }

  /** Draining: the task goes back to pending, and the other replicas hear of it at once. */
  private async handBack(attempt: Attempt): Promise<void> {
    const task = await this.tasks.retry(attempt.fence, null, null, true);
    this.changed(task);
    if (task) await this.notifier.send(CHANNELS.wake, '');
  }

  private finished(attempt: Attempt, name: TaskEventName, task: Task | null): void {
    if (task) return this.emit(name, task);
    // The fence held: another attempt owns the task now, so this outcome must not count.
    this.logger.warn(`Task ${attempt.fence.id} attempt ${attempt.fence.attempt}: stale outcome ignored`);
  }

  private timeoutMessage(attempt: Attempt): string {
    return `The task ran longer than its ${attempt.timeoutMs / 1000} s limit and was stopped`;
  }

  private traceHandover(id: string): void {
    appendFileSync(PICKUP_TRACE!, `${id} ${this.traced.get(id)} ${traceNow()}\n`);
    this.traced.delete(id);
  }

  private prefetchPlan(): PrefetchPlan {
    return this.prefetch.plan(this.pool.runningLongerThan(SLOW_RUN_MS));
  }

  /** Queued tasks beyond what this replica should hold go back to pending, for any replica to run. */
  private releaseExcess(): void {
    const excess = this.pool.queued - this.prefetchPlan().depth;
    if (excess <= 0) return;
    for (const key of this.pool.unqueue(excess)) this.attemptOf(key)?.release();
  }

  /** The running attempt a report is about; none when it has ended or is a newer attempt. */
  private attemptOf(key: AttemptKey): Attempt | undefined {
    const attempt = this.attempts.get(key.id);
    return attempt?.fence.attempt === key.attempt ? attempt : undefined;
  }

  private stopLocal(id: string): void {
    this.attempts.get(id)?.stop('canceled', this.config.task.cancelGraceMs);
  }

  private async heartbeat(): Promise<void> {
    const attempts = [...this.attempts.values()];
    try {
      const held = await this.tasks.renewLeases(this.config.replicaId, attempts.map((a) => a.fence), this.leaseMs);
      const byId = new Map(held.map((h) => [h.id, h]));
      for (const attempt of attempts) this.checkLease(attempt, byId.get(attempt.fence.id));
    } catch (error) {
      this.logger.warn(`Lease renewal failed: ${(error as Error).message}`);
      // Past its deadline a lease may already belong to another replica: stop, never run twice.
      for (const a of attempts) if (Date.now() > a.leaseDeadline) a.stop('lease_lost', 0);
    }
  }

  private checkLease(attempt: Attempt, held: { cancelRequested: boolean } | undefined): void {
    if (!this.attempts.has(attempt.fence.id)) return;
    if (!held) return attempt.stop('lease_lost', 0);
    attempt.leaseDeadline = Date.now() + this.leaseMs;
    if (held.cancelRequested) attempt.stop('canceled', this.config.task.cancelGraceMs);
  }

  /** Recovers expired leases (and, with `owner`, every task that owner still holds). */
  private async recover(owner?: string): Promise<void> {
    try {
      let recovered: Task[];
      do {
        recovered = await this.tasks.recoverExpired(RECOVERY_BATCH, owner);
        for (const task of recovered) this.announceRecovery(task);
      } while (recovered.length === RECOVERY_BATCH);
    } catch (error) {
      this.logger.warn(`Lease recovery failed: ${(error as Error).message}`);
    }
  }

  private announceRecovery(task: Task): void {
    this.logger.warn(`Task ${task.id} recovered after a lost worker: now ${task.status}`);
    this.events.emit(TASK_SIGNALS.recovered, task);
    if (task.status === 'pending') return (this.changed(task), this.onSubmitted());
    this.emit(task.status === 'canceled' ? TASK_EVENTS.canceled : TASK_EVENTS.failed, task);
  }

  private async flushProgress(only?: Attempt): Promise<void> {
    const writes = [];
    for (const attempt of only ? [only] : this.attempts.values()) {
      const progress = attempt.takeProgress();
      if (!progress) continue;
      const { userId, type } = attempt.task;
      writes.push({ ...attempt.fence, progress: progress.percent, details: progress.details, userId, type });
    }
    if (writes.length === 0) return;
    try {
      await this.tasks.writeProgress(writes);
      for (const w of writes) this.events.emit(TASK_SIGNALS.progress, w);
    } catch (error) {
      this.logger.warn(`Progress write failed: ${(error as Error).message}`);
    }
  }

  private async drainNow(): Promise<void> {
    this.accepting = false;
    const deadline = Date.now() + this.config.shutdownGraceSeconds * 1000;
    while (this.attempts.size > 0 && Date.now() < deadline) await sleep(50);
    for (const attempt of this.attempts.values()) attempt.stop('shutdown', Math.min(this.config.task.cancelGraceMs, 1000));
    while (this.attempts.size > 0) await sleep(20);
    for (const timer of this.timers) clearInterval(timer);
  }

  private every(ms: number, fn: () => unknown): void {
    this.timers.push(setInterval(() => void fn(), ms));
  }

  /** Live streams show moves that are no lifecycle event too (a retry, a hand-back). */
  private changed(task: Task | null): void {
    if (task) this.events.emit(TASK_SIGNALS.changed, task);
  }

  private emit(name: TaskEventName, task: Task): void {
    this.events.emit(name, { name, task });
  }
}

function failure(code: string, message: string, retryable = false, aborted = false): WorkOutcome {
  return { ok: false, error: { code, message, retryable }, aborted };
}

/** The outcome of an attempt stopped by force, whatever its work returned or threw. */
const stoppedByForce = (): WorkOutcome => failure('aborted', 'The worker was stopped', false, true);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
