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
