import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import type { WorkContext } from '../executor/work-context';

/**
 * Work functions for exercising the executor itself (tests, benchmarks, smoke checks in a new
 * deployment). Enabled only with RELIA_DIAGNOSTIC_HANDLERS=true.
 */
export interface DiagnosticInput {
  ms?: number;
  message?: string;
  steps?: number;
  /** Tests: a file to which each run appends "task-id attempt pid", to count runs per attempt. */
  trace_file?: string;
  /** Set by the handler: which attempt of which task this run is. */
  attempt?: { id: string; n: number };
}

/** Where and when a run happened: benchmarks read pickup latency, tests read who ran it. */
export interface RunStamp {
  pid: number;
  attempt?: number;
  started_ms: number;
}

export function noop(input: DiagnosticInput): { ok: true; echo?: string } & RunStamp {
  return { ok: true, echo: input.message, ...stamp(input) };
}

/** Sleeps `ms`, reporting progress in `steps`, and stops early when aborted. */
export async function sleep(input: DiagnosticInput, ctx: WorkContext): Promise<{ slept_ms: number } & RunStamp> {
  const run = stamp(input);
  const steps = input.steps ?? 10;
  const started = Date.now();
  for (let i = 1; i <= steps; i++) {
    await delay((input.ms ?? 1000) / steps, ctx.signal);
    ctx.progress((i / steps) * 100, { step: `sleep ${i}/${steps}` });
  }
  return { slept_ms: Date.now() - started, ...run };
}

export function fail(input: DiagnosticInput): never {
  throw new Error(input.message ?? 'diagnostic failure');
}

/** Ignores its AbortSignal (a stuck or careless handler): only a forced stop ends it. */
export function stubborn(input: DiagnosticInput): { done: true } {
  stamp(input);
  const until = Date.now() + (input.ms ?? 60_000);
  while (Date.now() < until) {
    // Busy on purpose: the thread never yields to see the signal.
  }
  return { done: true };
}

/** Starts a child process group that outlives a terminated thread unless it is killed. */
export async function child(input: DiagnosticInput, ctx: WorkContext): Promise<{ pid: number }> {
  const proc = spawn('sleep', [String(Math.ceil((input.ms ?? 60_000) / 1000))], { detached: true, stdio: 'ignore' });
  ctx.trackChild(proc.pid!);
  ctx.progress(1, { pid: proc.pid });
  await new Promise((resolve) => proc.once('exit', resolve));
  return { pid: proc.pid! };
}

/** Records this run (in the trace file, when asked) at the start of the handler body. */
function stamp(input: DiagnosticInput): RunStamp {
  // Sub-millisecond, comparable across threads and processes (the pickup bench subtracts the
  // client's clock from it).
  const run = { pid: process.pid, attempt: input.attempt?.n, started_ms: performance.timeOrigin + performance.now() };
  if (input.trace_file) appendFileSync(input.trace_file, `${input.attempt?.id} ${input.attempt?.n} ${run.pid}\n`);
  return run;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    // Removed when the timer fires: one listener per step would pile up on the signal.
    const onAbort = (): void => (clearTimeout(timer), reject(signal.reason));
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
