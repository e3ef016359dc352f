import type { WorkOutcome, WorkRequest } from './worker';

/**
 * What the main thread and a worker thread say to each other over the thread's own port. A
 * thread runs one task at a time; tasks of fast types may be handed to it several at once (they
 * then wait in the thread, in order), so every message names the attempt it is about.
 */

/** One attempt of one task: what stop requests and reports name. */
export interface AttemptKey {
  id: string;
  attempt: number;
}

/** A request to run, already stopped when `abortReason` is set (the stop came while it queued). */
export interface RunJob {
  request: WorkRequest;
  abortReason?: string;
}

/** Main → worker: run these, one after the other. */
export interface RunMessage {
  kind: 'run';
  jobs: RunJob[];
}

/** Main → worker: fire the attempt's AbortSignal (the cooperative stop), or mark it stopped while it waits. */
export interface AbortMessage extends AttemptKey {
  kind: 'abort';
  reason: string;
}

/**
 * Main → worker: the forced stop of an attempt that was handed over but may not have started.
 * The worker skips it when it still waits (answering a `done`), or answers `running` when it
 * runs: ending the thread is then the only way to stop it.
 */
export interface DropMessage extends AttemptKey {
  kind: 'drop';
}

/** Worker → main, about an attempt it runs. */
export type ReportMessage = AttemptKey &
  ({ kind: 'progress'; percent: number; details?: Record<string, unknown> } | { kind: 'child'; pid: number });

/** Worker → main: the attempt's work function returned or threw (or it was dropped before it started). */
export interface DoneMessage extends AttemptKey {
  kind: 'done';
  outcome: WorkOutcome;
}

/** Worker → main: an attempt asked to be dropped is running already. */
export interface RunningMessage extends AttemptKey {
  kind: 'running';
}

export type ToWorker = RunMessage | AbortMessage | DropMessage;
export type FromWorker = ReportMessage | DoneMessage | RunningMessage;
