import { join } from 'node:path';
import { ThreadPool } from './thread-pool';
import type { WorkRequest } from './worker';

const DIAG = join(__dirname, '../diagnostics/diagnostic.worker.ts');
let n = 0;
const request = (fn: string, input: Record<string, unknown> = {}): WorkRequest => ({ id: `t${++n}`, attempt: 1, file: DIAG, fn, input });
const never = new AbortController().signal;

/** The pool with real worker threads running the diagnostic work functions. */
describe('ThreadPool', () => {
  let pool: ThreadPool;
  beforeEach(() => {
    pool = new ThreadPool({ filename: join(__dirname, 'worker.ts'), threads: 1, maxQueue: 2, execArgv: ['--require', 'tsx/cjs'] });
  });
  afterEach(() => pool.destroy());

  it('runs work in a thread and answers its outcome with the time it took', async () => {
    const outcome = await pool.run(request('noop', { message: 'hi' }), never);
    expect(outcome).toMatchObject({ ok: true, result: { echo: 'hi' } });
    expect(outcome.ms).toBeGreaterThanOrEqual(0);
  });

  it('rejects past its bounded queue instead of growing', async () => {
    const running = [1, 2, 3].map(() => pool.run(request('sleep', { ms: 200, steps: 1 }), never));
    await expect(pool.run(request('noop'), never)).rejects.toThrow(/queue is full/);
    await Promise.all(running);
  });

  it('stops work cooperatively by attempt, and reports progress on the way', async () => {
    const reports: unknown[] = [];
    pool.onReport((r) => reports.push(r));
    const sleep = request('sleep', { ms: 5000, steps: 50 });
    const outcome = pool.run(sleep, never);
    await new Promise((r) => setTimeout(r, 400));
    pool.abort({ id: sleep.id, attempt: 1 }, 'canceled');
    expect(await outcome).toMatchObject({ ok: false, aborted: true, error: { message: 'canceled' } });
    expect(reports[0]).toMatchObject({ kind: 'progress', id: sleep.id, attempt: 1 });
  });

  it('passes a stop that came while queued to the work when it starts', async () => {
    const first = pool.run(request('sleep', { ms: 300, steps: 1 }), never);
    const queued = request('sleep', { ms: 5000, steps: 50 });
    const second = pool.run(queued, never);
    pool.abort(queued, 'canceled early');
    await first;
    expect(await second).toMatchObject({ ok: false, aborted: true, error: { message: 'canceled early' } });
  });

  it('ends a thread that ignores its signal, and starts a fresh one in its place', async () => {
    const kill = new AbortController();
    const stuck = pool.run(request('stubborn', { ms: 60_000 }), kill.signal);
    await new Promise((r) => setTimeout(r, 300));
    kill.abort('forced');
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(await pool.run(request('noop'), never)).toMatchObject({ ok: true });
    expect(pool.size).toBe(1);
  });

  it('never hands work to a thread it is ending, even one whose answer was on its way', async () => {
    expect(await pool.run(request('noop'), never)).toMatchObject({ ok: true });
    const kill = new AbortController();
    const finished = pool.run(request('noop'), kill.signal);
    // The thread answers while this one is busy; the kill then comes before the answer is read.
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // Busy on purpose.
    }
    kill.abort('forced');
    await expect(finished).rejects.toMatchObject({ name: 'AbortError' });
    const next = await Promise.all([pool.run(request('noop'), never), pool.run(request('noop'), never)]);
    expect(next).toMatchObject([{ ok: true }, { ok: true }]);
    expect(pool.size).toBe(1);
  });

  it('gives back queued work before it starts, newest first', async () => {
    const running = pool.run(request('sleep', { ms: 300, steps: 1 }), never);
    const a = request('noop');
    const b = request('noop');
    const queuedA = pool.run(a, never);
    const queuedB = pool.run(b, never);
    expect(pool.unqueue(1)).toEqual([{ id: b.id, attempt: 1 }]);
    await expect(queuedB).rejects.toMatchObject({ name: 'UnqueuedError' });
    expect(await queuedA).toMatchObject({ ok: true });
    await running;
  });

  it('fails work whose result cannot leave the thread, and keeps the thread', async () => {
    const outcome = await pool.run(request('noop', { message: 'x' }), never);
    expect(outcome.ok).toBe(true);
    const bad = await pool.run({ ...request('noop'), file: join(__dirname, '../../test/support/uncloneable.worker.ts'), fn: 'uncloneable' }, never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'handler_error' } });
    expect(await pool.run(request('noop'), never)).toMatchObject({ ok: true });
  });
});
