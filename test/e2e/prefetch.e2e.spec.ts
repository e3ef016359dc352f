import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { insertTasks, Replica, until } from '../support/replicas';

const WORKERS = 2;

/**
 * The automatic prefetch (RELIA_TASK_PREFETCH=auto) with real replicas: a replica claims ahead
 * only task types it has seen run fast, and gives its queue back once its threads are held by slow
 * work, so fast tasks never wait behind slow ones while another replica is free.
 */
describe('automatic prefetch across replicas', () => {
  let db: TestDatabase;
  let sql: Client;
  let primed: Replica;
  let fresh: Replica;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const env = { RELIA_TASK_MAX_WORKERS: String(WORKERS), RELIA_TASK_POLL_INTERVAL_MS: '60000' };
    primed = await new Replica('primed', db.url, env).ready(60_000);
    // Only `primed` has seen no-ops run: they are a fast type to it, unknown to `fresh`.
    const warmup = await insertTasks(sql, Array.from({ length: 50 }, () => ({ type: 'diag.noop' })));
    await until('the warm-up', async () => (await completed(warmup)) === warmup.length, 20_000);
    fresh = await new Replica('fresh', db.url, env).ready(60_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([primed, fresh].filter(Boolean).map((r) => r.dispose()));
    await sql?.end();
    await db?.drop();
  });

  const completed = async (ids: string[]): Promise<number> =>
    (await sql.query(`SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status = 'completed'`, [ids])).rows[0].n;
  const owners = async (ids: string[]): Promise<string[]> =>
    (await sql.query(`SELECT DISTINCT lease_owner FROM tasks WHERE id = ANY($1) AND status = 'running'`, [ids])).rows
      .map((r) => r.lease_owner);

  it('never prefetches a type it has not seen run, and hands back fast tasks queued behind slow ones', async () => {
    // Slow work fills both of primed's threads (fresh is paused, so it cannot take any).
    fresh.proc.kill('SIGSTOP');
    const slow = await insertTasks(sql, Array.from({ length: WORKERS }, () => ({ type: 'diag.sleep', payload: { ms: 10_000, steps: 10 } })));
    await until('primed to run the slow tasks', async () => (await owners(slow)).join() === 'primed', 10_000, 20);
    const fast = await insertTasks(sql, Array.from({ length: 100 }, () => ({ type: 'diag.noop' })));
    await until('primed to queue the fast ones ahead', async () => (await owners(fast)).join() === 'primed', 10_000, 20);
    fresh.proc.kill('SIGCONT');

    // Within about a second primed sees its threads held by slow work and gives the queue back.
    const started = Date.now();
    await until('the fast tasks to complete', async () => (await completed(fast)) === fast.length, 8_000, 50);
    expect(Date.now() - started).toBeLessThan(8_000);
    const runners = (await sql.query(`SELECT DISTINCT result->>'pid' AS pid FROM tasks WHERE id = ANY($1)`, [fast])).rows;
    expect(runners.map((r) => Number(r.pid))).toEqual([fresh.proc.pid]);
    // The slow tasks are still running on primed: the fast ones did not wait for them.
    expect(await owners(slow)).toEqual(['primed']);
    expect(await completed(slow)).toBe(0);
    expect(primed.output).not.toMatch(/could not start/);
  }, 60_000);
});

/**
 * Tasks of fast types are handed to a thread several at once. When one of them must be stopped
 * by force, its thread ends: the ones handed over with it go back to pending, for a new attempt,
 * and complete; none is lost and none fails for its neighbour.
 */
describe('forced stop of a task handed over with others', () => {
  const solo = oneReplica('solo', { RELIA_TASK_MAX_WORKERS: '1', RELIA_TASK_CANCEL_GRACE_MS: '200' }, async () => {
    // Both types are seen to run in about a millisecond: fast, so claimed ahead and handed over together.
    const warmup = await insertTasks(solo.sql, Array.from({ length: 5 }, () => [{ type: 'diag.noop' }, { type: 'diag.stubborn', payload: { ms: 1 } }]).flat());
    await until('the warm-up', async () => (await rows(warmup)).every((t) => t.status === 'completed'), 20_000);
  });

  const rows = async (ids: string[]): Promise<{ id: string; status: string; attempt: number; cancel_mode: string | null }[]> =>
    (await solo.sql.query(`SELECT id, status, attempt, cancel_mode FROM tasks WHERE id = ANY($1)`, [ids])).rows;

  it('ends the thread for the stubborn task and runs the others again as new attempts', async () => {
    // The one thread is busy for a moment, so what comes next queues and goes over in one hand-over.
    const [busy] = await insertTasks(solo.sql, [{ type: 'diag.sleep', payload: { ms: 2000, steps: 1 } }]);
    await until('the thread to be busy', async () => (await rows([busy]))[0].status === 'running', 10_000, 10);
    const [stuck] = await insertTasks(solo.sql, [{ type: 'diag.stubborn', payload: { ms: 60_000 } }]);
    await new Promise((r) => setTimeout(r, 20));
    const behind = await insertTasks(solo.sql, Array.from({ length: 5 }, () => ({ type: 'diag.noop' })));
    await until('all to be claimed', async () => (await rows([stuck, ...behind])).every((t) => t.status === 'running'), 10_000, 10);
    await until('the busy task to finish', async () => (await rows([busy]))[0].status === 'completed', 10_000, 10);

    const token = await solo.replica.token('root', { admin: true });
    const cancel = await fetch(`${solo.replica.url}/tasks/${stuck}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(cancel.status).toBe(202);
    await until('the stubborn task to be canceled', async () => (await rows([stuck]))[0].status === 'canceled', 10_000, 20);
    await until('the others to complete', async () => (await rows(behind)).every((t) => t.status === 'completed'), 10_000, 20);

    expect((await rows([stuck]))[0].cancel_mode).toBe('forced');
    // Handed over with it, they were given back and ran again under a new attempt.
    expect((await rows(behind)).map((t) => t.attempt)).toContain(2);
    expect(solo.replica.output).not.toMatch(/could not start/);
  }, 60_000);
});

/**
 * A fixed RELIA_TASK_PREFETCH claims tasks of any type ahead of the threads. Their time limit
 * counts from when a thread takes them, not from the claim: waiting in the replica's queue is
 * not the task's time.
 */
describe('time limits of tasks claimed ahead', () => {
  const ahead = oneReplica('ahead', { RELIA_TASK_MAX_WORKERS: '1', RELIA_TASK_PREFETCH: '4' });

  it('runs each of them to the end of its own limit, however long it queued', async () => {
    // Three runs of 600 ms, each within its 1.5 s limit; claimed together, the third waits 1.2 s.
    const ids = await insertTasks(ahead.sql, Array.from({ length: 3 }, () => ({ type: 'diag.sleep', payload: { ms: 600, steps: 1, timeout_ms: 1500 } })));
    await until('all three to be claimed at once', async () => {
      const { rows } = await ahead.sql.query(`SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status <> 'pending'`, [ids]);
      return rows[0].n === 3;
    }, 5_000, 10);
    await until('all three to finish', async () => {
      const { rows } = await ahead.sql.query(`SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status IN ('completed', 'failed')`, [ids]);
      return rows[0].n === 3;
    }, 10_000, 20);
    const { rows } = await ahead.sql.query(`SELECT status, error FROM tasks WHERE id = ANY($1)`, [ids]);
    expect(rows).toEqual(Array(3).fill({ status: 'completed', error: null }));
  }, 30_000);
});

/**
 * A fresh database with one replica on it (`env` on top of the test defaults) for the enclosing
 * describe block; `prime` runs once both are up.
 */
function oneReplica(id: string, env: Record<string, string>, prime?: () => Promise<void>): { sql: Client; replica: Replica } {
  const context = {} as { sql: Client; replica: Replica; db: TestDatabase };
  beforeAll(async () => {
    context.db = await createTestDatabase();
    context.sql = new Client({ connectionString: context.db.url });
    await context.sql.connect();
    context.replica = await new Replica(id, context.db.url, env).ready(60_000);
    await prime?.();
  }, 120_000);
  afterAll(async () => {
    await context.replica?.dispose();
    await context.sql?.end();
    await context.db?.drop();
  });
  return context;
}
