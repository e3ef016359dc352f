import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ThreadPool } from './thread-pool';
import type { WorkOutcome, WorkRequest } from './worker';

const DIAG = join(__dirname, '../diagnostics/diagnostic.worker.ts');
let n = 0;
const request = (fn: string, input: Record<string, unknown> = {}): WorkRequest => ({ id: `t${++n}`, attempt: 1, file: DIAG, fn, input });

/** The pool with real worker threads running the diagnostic work functions. */
describe('ThreadPool', () => {
  let pool: ThreadPool;
  beforeEach(() => {
    pool = new ThreadPool({ filename: join(__dirname, 'worker.ts'), threads: 1, maxQueue: 2, execArgv: ['--require', 'tsx/cjs'] });
  });
  afterEach(() => pool.destroy());

  it('runs work in a thread and answers its outcome with the time it took', async () => {
    const outcome = await pool.run(request('noop', { message: 'hi' }));
    expect(outcome).toMatchObject({ ok: true, result: { echo: 'hi' } });
    expect(outcome.ms).toBeGreaterThanOrEqual(0);
  });

  it('times the work alone, not the first load of its module in the thread', async () => {
    const file = join(__dirname, '../../test/support/slow-load.worker.ts');
    const outcome = await pool.run({ ...request('quick'), file });
    expect(outcome).toMatchObject({ ok: true, result: 'done' });
    expect(outcome.ms).toBeLessThan(100);
  });

  it('tells when a job leaves the queue for a thread', async () => {
    const started: string[] = [];
    const first = pool.run(request('sleep', { ms: 200, steps: 1 }), { onStart: () => started.push('first') });
    const second = pool.run(request('noop'), { onStart: () => started.push('second') });
    await sleep(100);
    expect(started).toEqual(['first']);
    await Promise.all([first, second]);
    expect(started).toEqual(['first', 'second']);
  });

  it('rejects past its bounded queue instead of growing', async () => {
    const running = [1, 2, 3].map(() => pool.run(request('sleep', { ms: 200, steps: 1 })));
    await expect(pool.run(request('noop'))).rejects.toThrow(/queue is full/);
    await Promise.all(running);
  });

  it('stops work cooperatively by attempt, and reports progress on the way', async () => {
    const reports: unknown[] = [];
    pool.onReport((r) => reports.push(r));
    const slow = request('sleep', { ms: 5000, steps: 50 });
    const outcome = pool.run(slow);
    await sleep(400);
    pool.abort({ id: slow.id, attempt: 1 }, 'canceled');
    expect(await outcome).toMatchObject({ ok: false, aborted: true, error: { message: 'canceled' } });
    expect(reports[0]).toMatchObject({ kind: 'progress', id: slow.id, attempt: 1 });
  });

  it('passes a stop that came while queued to the work when it starts', async () => {
    const first = pool.run(request('sleep', { ms: 300, steps: 1 }));
    const queued = request('sleep', { ms: 5000, steps: 50 });
    const second = pool.run(queued);
    pool.abort(queued, 'canceled early');
    await first;
    expect(await second).toMatchObject({ ok: false, aborted: true, error: { message: 'canceled early' } });
  });

  it('ends a thread that ignores its signal, and starts a fresh one in its place', async () => {
    const stubborn = request('stubborn', { ms: 60_000 });
    const stuck = pool.run(stubborn);
    await sleep(300);
    pool.kill(stubborn);
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(await pool.run(request('noop'))).toMatchObject({ ok: true });
    expect(pool.size).toBe(1);
  });

  it('never hands work to a thread it is ending, even one whose answer was on its way', async () => {
    expect(await pool.run(request('noop'))).toMatchObject({ ok: true });
    const last = request('noop');
    const finished = pool.run(last);
    // The thread answers while this one is busy; the kill then comes before the answer is read.
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // Busy on purpose.
    }
    pool.kill(last);
    await expect(finished).rejects.toMatchObject({ name: 'AbortError' });
    const next = await Promise.all([pool.run(request('noop')), pool.run(request('noop'))]);
    expect(next).toMatchObject([{ ok: true }, { ok: true }]);
    expect(pool.size).toBe(1);
  });

  it('gives back queued work before it starts, newest first', async () => {
    const running = pool.run(request('sleep', { ms: 300, steps: 1 }));
    const a = request('noop');
    const b = request('noop');
    const queuedA = pool.run(a);
    const queuedB = pool.run(b);
    expect(pool.unqueue(1)).toEqual([{ id: b.id, attempt: 1 }]);
    await expect(queuedB).rejects.toMatchObject({ name: 'UnqueuedError' });
    expect(await queuedA).toMatchObject({ ok: true });
    await running;
  });

  it('fails work whose result cannot leave the thread, and keeps the thread', async () => {
    const outcome = await pool.run(request('noop', { message: 'x' }));
    expect(outcome.ok).toBe(true);
    const bad = await pool.run({ ...request('noop'), file: join(__dirname, '../../test/support/uncloneable.worker.ts'), fn: 'uncloneable' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'handler_error' } });
    expect(await pool.run(request('noop'))).toMatchObject({ ok: true });
  });
});

/**
 * Fast jobs handed to a thread several at once wait there in order; each still settles on its own,
 * and a forced stop still ends exactly what it was meant to end.
 */
describe('ThreadPool hand-over of fast jobs', () => {
  let pool: ThreadPool;
  let trace: string;
  beforeEach(() => {
    pool = new ThreadPool({ filename: join(__dirname, 'worker.ts'), threads: 1, maxQueue: 10, execArgv: ['--require', 'tsx/cjs'] });
    trace = join(mkdtempSync(join(tmpdir(), 'relia-pool-')), 'runs');
    writeFileSync(trace, '');
  });
  afterEach(async () => {
    await pool.destroy();
    rmSync(dirname(trace), { recursive: true, force: true });
  });

  /** A request whose run leaves a line in the trace file (as the diagnostic handler's prepare sets it up). */
  const fast = (fn: string, input: Record<string, unknown> = {}): WorkRequest => {
    const r = request(fn, { ...input, trace_file: trace });
    return { ...r, input: { ...(r.input as object), attempt: { id: r.id, n: 1 } } };
  };
  const ran = (): string[] => readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[0]);
  /** Keeps the one thread busy, so that what is run next queues and goes over in one hand-over. */
  const occupy = (): Promise<unknown> => pool.run(request('sleep', { ms: 150, steps: 1 }));
  /** Runs fast `requests` behind the busy thread and waits until they went over to it together. */
  const handOver = async (...requests: WorkRequest[]): Promise<Promise<WorkOutcome>[]> => {
    const first = occupy();
    const runs = requests.map((r) => pool.run(r, { batchable: true }));
    await first;
    return runs;
  };

  it('hands queued fast jobs over together; each settles with its own outcome, in order', async () => {
    const jobs = ['a', 'b', 'c'].map((message) => ({ message, request: fast('noop', { message }) }));
    const outcomes = await handOver(...jobs.map((j) => j.request));
    // All three went over with the first one's answer: none is left to give back.
    expect(pool.queued).toBe(0);
    expect(pool.unqueue(3)).toEqual([]);
    const results = await Promise.all(outcomes);
    expect(results.map((o) => (o.ok ? (o.result as { echo: string }).echo : o))).toEqual(['a', 'b', 'c']);
    expect(ran()).toEqual(jobs.map((j) => j.request.id));
  });

  it('skips a waiting job stopped by force; the one running and the ones after it are untouched', async () => {
    const dropped = fast('noop');
    const after = fast('noop');
    const [running, skipped, last] = await handOver(fast('sleep', { ms: 300, steps: 1 }), dropped, after);
    await sleep(100);
    pool.kill(dropped);
    await expect(skipped).rejects.toMatchObject({ name: 'AbortError' });
    expect(await running).toMatchObject({ ok: true });
    expect(await last).toMatchObject({ ok: true });
    expect(ran()).not.toContain(dropped.id);
    expect(ran()).toContain(after.id);
    expect(pool.size).toBe(1);
  });

  it('ends the thread for the job it must stop, and gives back the ones handed over with it', async () => {
    const stubborn = fast('stubborn', { ms: 60_000 });
    const behind = fast('noop');
    const [stuck, givenBack] = await handOver(stubborn, behind);
    await sleep(100);
    pool.kill(stubborn);
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    await expect(givenBack).rejects.toMatchObject({ name: 'UnqueuedError' });
    expect(ran()).not.toContain(behind.id);
    expect(await pool.run(request('noop'))).toMatchObject({ ok: true });
    expect(pool.size).toBe(1);
  });

  it('ends a thread that cannot answer: a stopped job that started behind another and never yields', async () => {
    const first = occupy();
    const done = fast('noop');
    const finished = pool.run(done, { batchable: true });
    const stubborn = fast('stubborn', { ms: 60_000 });
    const stuck = pool.run(stubborn, { batchable: true });
    await first;
    // The thread answers the first and starts the stubborn one while this thread is busy, so the
    // stop below still finds the stubborn job second in line.
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // Busy on purpose.
    }
    pool.kill(stubborn);
    expect(await finished).toMatchObject({ ok: true });
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(await pool.run(request('noop'))).toMatchObject({ ok: true });
    expect(pool.size).toBe(1);
  });

  it('passes a cooperative stop to a job waiting in the thread', async () => {
    const first = occupy();
    const running = pool.run(request('sleep', { ms: 200, steps: 1 }), { batchable: true });
    const waiting = request('sleep', { ms: 5000, steps: 50 });
    const stopped = pool.run(waiting, { batchable: true });
    await first;
    pool.abort(waiting, 'canceled while waiting');
    expect(await running).toMatchObject({ ok: true });
    expect(await stopped).toMatchObject({ ok: false, aborted: true, error: { message: 'canceled while waiting' } });
  });

  it('never hands a job that is not fast over behind another', async () => {
    const first = occupy();
    const slow = pool.run(request('noop'));
    const fastOne = pool.run(request('noop'), { batchable: true });
    await first;
    // The job that may not wait in a thread went alone; the fast one is still here to give back.
    expect(pool.queued).toBe(1);
    await Promise.all([slow, fastOne]);
  });

  it('fails only the job whose input cannot cross to the thread when it came in a hand-over', async () => {
    const first = occupy();
    const good = pool.run(request('noop', { message: 'fine' }), { batchable: true });
    const bad = pool.run({ ...request('noop'), input: { f: () => 1 } }, { batchable: true });
    const alsoGood = pool.run(request('noop'), { batchable: true });
    await first;
    expect(await good).toMatchObject({ ok: true });
    await expect(bad).rejects.toThrow(/could not be cloned/);
    expect(await alsoGood).toMatchObject({ ok: true });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
