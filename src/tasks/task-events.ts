import type { Task } from './task.entity';

/** The telemetry events of the task lifecycle, with the names the product uses. */
export const TASK_EVENTS = {
  created: 'task_created',
  started: 'task_started',
  completed: 'task_completed',
  failed: 'task_failed',
  canceled: 'task_canceled',
} as const;

export type TaskEventName = (typeof TASK_EVENTS)[keyof typeof TASK_EVENTS];

/** Payload of every lifecycle event: the task as the move left it. */
export interface TaskLifecycleEvent {
  name: TaskEventName;
  task: Task;
}

/** Internal signals between the tasks service and the executor (not telemetry). */
export const TASK_SIGNALS = {
  /** Runnable work was added on this replica. */
  submitted: 'task.submitted',
  /** A cancel was requested for a running task: payload is its id. */
  cancelRequested: 'task.cancel_requested',
  /** Progress of a running task changed: payload is a ProgressSignal. */
  progress: 'task.progress',
  /** A move that is no lifecycle event (cancel requested, handed back, retried): payload is the Task. */
  changed: 'task.changed',
  /** A task taken back from a replica that stopped renewing its lease: payload is the Task. */
  recovered: 'task.recovered',
} as const;

/** The coalesced progress write of a running attempt, with whose task it is. */
export interface ProgressSignal {
  id: string;
  attempt: number;
  progress: number;
  details: Record<string, unknown>;
  userId?: string;
  type?: string;
}
