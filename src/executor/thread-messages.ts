import type { WorkOutcome, WorkRequest } from './worker';

/**
 * What the main thread and a worker thread say to each other over the thread's own port. Each
 * thread runs one task at a time, so a message needs no routing beyond the attempt it names.
 */

/** One attempt of one task: what stop requests and reports name. */
export interface AttemptKey {
  id: string;
  attempt: number;
}

/** Main → worker: run this (already stopped when `abortReason` is set: the stop came while it queued). */
export interface RunMessage {
  kind: 'run';
  request: WorkRequest;
  abortReason?: string;
}

/** Main → worker: fire the running attempt's AbortSignal (the cooperative stop). */
export interface AbortMessage extends AttemptKey {
  kind: 'abort';
  reason: string;
}

/** Worker → main, about the attempt it runs. */
export type ReportMessage = AttemptKey &
  ({ kind: 'progress'; percent: number; details?: Record<string, unknown> } | { kind: 'child'; pid: number });

/** Worker → main: the attempt's work function returned or threw. */
export interface DoneMessage {
  kind: 'done';
  outcome: WorkOutcome;
}

export type ToWorker = RunMessage | AbortMessage;
export type FromWorker = ReportMessage | DoneMessage;
