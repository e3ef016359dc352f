import type { MessagePort } from 'node:worker_threads';
import type { WorkContext, WorkFunction } from './work-context';

/** What the dispatcher sends into the pool for one task. */
export interface WorkRequest {
  /** Absolute path of the module that exports the work function. */
  file: string;
  fn: string;
  input: unknown;
  port: MessagePort;
}

export type WorkOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; retryable: boolean; stack?: string }; aborted: boolean };

/** Messages from the worker to the dispatcher over the task's port. */
export type WorkerMessage =
  | { kind: 'progress'; percent: number; details?: Record<string, unknown> }
  | { kind: 'child'; pid: number };

/** Messages from the dispatcher to the worker. */
export interface AbortMessage {
  kind: 'abort';
  reason: string;
}

/**
 * The worker thread's entry point. It runs one work function and answers a plain outcome object:
 * errors are flattened here because class identity and extra fields do not survive the thread
 * boundary.
 */
export default async function runWork({ file, fn, input, port }: WorkRequest): Promise<WorkOutcome> {
  const abort = new AbortController();
  port.on('message', (m: AbortMessage) => m.kind === 'abort' && abort.abort(new Error(m.reason)));
  const ctx: WorkContext = {
    signal: abort.signal,
    progress: (percent, details) => port.postMessage({ kind: 'progress', percent, details } satisfies WorkerMessage),
    trackChild: (pid) => port.postMessage({ kind: 'child', pid } satisfies WorkerMessage),
  };
  try {
    const work = loadWork(file, fn);
    return { ok: true, result: await work(input, ctx) };
  } catch (error) {
    return { ok: false, error: flatten(error), aborted: abort.signal.aborted };
  } finally {
    port.close();
  }
}

function loadWork(file: string, fn: string): WorkFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const work = require(file)[fn] as unknown;
  if (typeof work !== 'function') throw new Error(`${file} has no work function "${fn}"`);
  return work as WorkFunction;
}

function flatten(error: unknown): { code: string; message: string; retryable: boolean; stack?: string } {
  const e = error as { code?: unknown; message?: unknown; retryable?: unknown; stack?: unknown; name?: string };
  const isTaskError = e?.name === 'TaskError' && typeof e.code === 'string';
  return {
    code: isTaskError ? (e.code as string) : 'handler_error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    retryable: isTaskError && e.retryable === true,
    stack: typeof e?.stack === 'string' ? e.stack : undefined,
  };
}
