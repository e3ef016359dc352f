import type { Task } from '../tasks/task.entity';
import type { Fence } from '../tasks/tasks.repository';
import type { ReportMessage } from './thread-messages';
import type { WorkerPool } from './worker-pool';

/** How long a forced stop leaves the thread to reap the children it just killed. */
const REAP_MS = 100;

/** Why the dispatcher stopped an attempt before its work function returned. */
export type StopReason = 'canceled' | 'timeout' | 'lease_lost' | 'shutdown' | 'released';

export interface ProgressState {
  percent: number;
  details: Record<string, unknown>;
}

/**
 * One running attempt of a task on this replica: the child processes it started, its latest progress, and how it is being stopped. Stopping is two-step:
 * the work function's AbortSignal fires first; if it has not returned after the grace period,
 * its process groups are killed and the thread is terminated.
 */
export class Attempt {
  readonly fence: Fence;
  private readonly children = new Set<number>();
  private graceTimer: NodeJS.Timeout | undefined;
  private reapTimer: NodeJS.Timeout | undefined;
  stopReason: StopReason | undefined;
  forced = false;
  progress: ProgressState | undefined;
  progressDirty = false;
  /** The time limit this attempt runs under. */
  timeoutMs = 0;
  /** Until when the last renewed lease is surely ours. */
  leaseDeadline: number;

  constructor(
    readonly task: Task,
    leaseMs: number,
    private readonly pool: Pick<WorkerPool, 'abort' | 'kill'>,
  ) {
    this.fence = { id: task.id, attempt: task.attempt };
    this.leaseDeadline = Date.now() + leaseMs;
  }

  stop(reason: StopReason, graceMs: number): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.pool.abort(this.fence, reason);
    this.graceTimer = setTimeout(() => this.force(), graceMs);
  }

  /** Taken back from the pool's queue before it started: the task goes back to pending. */
  release(): void {
    this.stopReason ??= 'released';
  }

  /**
   * Kills every process group it started, then ends the thread. In that order: a child is
   * reaped only by the event loop of the thread that started it, so a thread ended first left
   * its children as zombies for the life of the replica. Given REAP_MS, the loop of a thread
   * awaiting its child reaps it, and the work often returns by itself.
   */
  force(): void {
    this.forced = true;
    if (this.children.size === 0) return this.pool.kill(this.fence);
    this.killChildren();
    this.reapTimer = setTimeout(() => this.pool.kill(this.fence), REAP_MS);
  }

  /** After the work settled: nothing of it may outlive the attempt. */
  settle(): void {
    clearTimeout(this.graceTimer);
    clearTimeout(this.reapTimer);
    this.killChildren();
  }

  takeProgress(): ProgressState | undefined {
    if (!this.progressDirty) return undefined;
    this.progressDirty = false;
    return this.progress;
  }

  /** A report from the work function (the dispatcher routes it here by task and attempt). */
  receive(message: ReportMessage): void {
    if (message.kind === 'child') this.children.add(message.pid);
    if (message.kind === 'progress') this.record(message.percent, message.details);
  }

  private record(percent: number, details: Record<string, unknown> | undefined): void {
    if (!Number.isFinite(percent)) return;
    const clamped = Math.max(0, Math.min(100, Math.round(percent)));
    this.progress = { percent: clamped, details: details ?? this.progress?.details ?? {} };
    this.progressDirty = true;
  }

  private killChildren(): void {
    for (const pid of this.children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.children.clear();
  }
}
