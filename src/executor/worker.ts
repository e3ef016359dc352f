import { isMainThread, parentPort } from 'node:worker_threads';
import type { WorkContext, WorkFunction } from './work-context';
import type { AttemptKey, FromWorker, ReportMessage, RunJob, ToWorker } from './thread-messages';

/** What the dispatcher sends into the pool for one task. */
export interface WorkRequest extends AttemptKey {
  /** Absolute path of the module that exports the work function. */
  file: string;
  fn: string;
  input: unknown;
}

/** `ms`: how long the work function ran in its thread (the dispatcher sizes its prefetch by it). */
export type WorkOutcome = { ms?: number } & (
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; retryable: boolean; stack?: string }; aborted: boolean }
);

/**
 * An attempt this thread runs, and why it was stopped. Its AbortController is made only when the
 * work function reads its signal: most fast work never does, and one per run was a measurable
 * part of a no-op's cost.
 */
interface Running {
  key: AttemptKey;
  reason?: string;
  abort?: AbortController;
}

/** The attempt this thread runs now. */
let current: Running | undefined;
/** Attempts handed over but not started yet, in order. */
const waiting: RunJob[] = [];
let runningAll = false;

/**
 * Runs one work function and answers a plain outcome object: errors are flattened here because
 * class identity and extra fields do not survive the thread boundary.
 */
async function runWork(request: WorkRequest, report: (m: ReportMessage) => void, abortReason?: string): Promise<WorkOutcome> {
  const { file, fn, input, id, attempt } = request;
  const run: Running = { key: { id, attempt }, reason: abortReason };
  current = run;
  const ctx: WorkContext = {
    get signal() {
      return signalOf(run);
    },
    progress: (percent, details) => report({ kind: 'progress', id, attempt, percent, details }),
    trackChild: (pid) => report({ kind: 'child', id, attempt, pid }),
  };
  // `ms` times the work, not the first load of its module in this thread: the dispatcher sizes
  // its prefetch by it, and a load of tens of milliseconds made a no-op look slow for a while.
  let started = performance.now();
  try {
    const work = loadWork(file, fn);
    started = performance.now();
    const result = await work(input, ctx);
    return { ok: true, result, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error: flatten(error), aborted: run.reason !== undefined, ms: performance.now() - started };
  } finally {
    current = undefined;
  }
}

function signalOf(run: Running): AbortSignal {
  run.abort ??= new AbortController();
  if (run.reason !== undefined && !run.abort.signal.aborted) run.abort.abort(new Error(run.reason));
  return run.abort.signal;
}

function stop(run: Running, reason: string): void {
  run.reason ??= reason;
  if (run.abort && !run.abort.signal.aborted) run.abort.abort(new Error(run.reason));
}

/** Runs what waits, one at a time; jobs handed over meanwhile join the line. */
async function runAll(post: (m: FromWorker) => void): Promise<void> {
  runningAll = true;
  for (let job = waiting.shift(); job; job = waiting.shift()) {
    const { id, attempt } = job.request;
    const outcome = await runWork(job.request, post, job.abortReason);
    try {
      post({ kind: 'done', id, attempt, outcome });
    } catch (error) {
      // A result that cannot cross the thread boundary (a function, say) is the work's fault.
      post({ kind: 'done', id, attempt, outcome: { ok: false, error: flatten(error), aborted: false, ms: outcome.ms } });
    }
  }
  runningAll = false;
}

function receive(message: ToWorker, port: NonNullable<typeof parentPort>): void {
  const post = (m: FromWorker): void => port.postMessage(m);
  if (message.kind === 'run') {
    waiting.push(...message.jobs);
    if (!runningAll) void runAll(post);
    return;
  }
  const isCurrent = current?.key.id === message.id && current.key.attempt === message.attempt;
  const at = waiting.findIndex(({ request: r }) => r.id === message.id && r.attempt === message.attempt);
  if (message.kind === 'abort') {
    if (isCurrent) stop(current!, message.reason);
    else if (at >= 0) waiting[at].abortReason = message.reason;
  } else if (at >= 0) {
    waiting.splice(at, 1);
    const outcome: WorkOutcome = { ok: false, error: { code: 'aborted', message: 'Dropped before it started', retryable: false }, aborted: true };
    post({ kind: 'done', id: message.id, attempt: message.attempt, outcome });
  } else if (isCurrent) {
    post({ kind: 'running', id: message.id, attempt: message.attempt });
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

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (message: ToWorker) => receive(message, port));
}
