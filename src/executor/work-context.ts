/**
 * What a task's work function sees inside its worker thread. It is deliberately small so that
 * work functions stay plain, testable functions: no Nest, no database, no globals.
 */
export interface WorkContext {
  /** Fires when the task is canceled, timed out or its lease is lost. Stop soon after. */
  readonly signal: AbortSignal;
  /** Report progress (0–100) and details; cheap to call often, writes are coalesced. */
  progress(percent: number, details?: Record<string, unknown>): void;
  /**
   * Register a child process started with `detached: true` (its own process group), so that a
   * forced stop kills the whole tree: ending a worker thread does not end its children.
   */
  trackChild(pid: number): void;
}

export type WorkFunction<I = unknown, R = unknown> = (input: I, ctx: WorkContext) => Promise<R> | R;
