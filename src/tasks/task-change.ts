import type { Task, TaskErrorInfo } from './task.entity';
import { isFinished, type TaskStatus } from './task-status';

/**
 * One change of a task as live streams carry it: small enough that dozens fit in one NOTIFY
 * (PostgreSQL caps a payload at 8000 bytes), complete enough that a client needs no extra GET.
 */
export interface TaskChange {
  task_id: string;
  user_id: string;
  type: string;
  status: TaskStatus;
  progress: number;
  attempt: number;
  details: Record<string, unknown>;
  error: TaskErrorInfo | null;
  cancel_requested: boolean;
  /** Per-task position in the task's history; see `sequenceOf`. */
  seq: number;
}

/** Details larger than this are left out of a NOTIFY; GET /tasks/{id} still has them. */
const MAX_DETAILS_BYTES = 1000;

/**
 * A number that grows with every status or progress change of one task, computed from the row
 * alone, so any replica can rebuild it after a reconnect without storing a counter:
 * attempt × 1000, then +progress while running (+200 once a cancel is requested), +500 for a
 * pending retry of that attempt, +900 when finished. Handlers report progress upwards; a handler
 * that goes backwards only loses the backward steps on live streams.
 */
export function sequenceOf(t: Pick<TaskChange, 'status' | 'attempt' | 'progress' | 'cancel_requested'>): number {
  const base = t.attempt * 1000;
  if (isFinished(t.status)) return base + 900;
  if (t.status === 'pending') return t.attempt === 0 ? 0 : base + 500;
  return base + (t.cancel_requested ? 200 : 0) + t.progress;
}

export function changeOf(task: Task): TaskChange {
  const change = {
    task_id: task.id, user_id: task.userId, type: task.type, status: task.status, progress: task.progress,
    attempt: task.attempt, details: boundedDetails(task.details), error: task.error,
    cancel_requested: task.cancelRequestedAt !== null, seq: 0,
  };
  return { ...change, seq: sequenceOf(change) };
}

function boundedDetails(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.stringify(details ?? {}).length <= MAX_DETAILS_BYTES ? (details ?? {}) : { truncated: true };
}
