import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { DiagTask, insertTasks, Replica, sleep, startReplicas, until } from '../support/replicas';
import { isAlive } from '../support/processes';

const LEASE_S = 4;
const WORKERS = 4;

/**
 * Several built service processes on one PostgreSQL database, as Relia runs in production. Tasks
 * are inserted straight into the table (one NOTIFY per batch). Polling is set to a minute, so
 * every prompt pickup below comes from LISTEN/NOTIFY. The tests share the replicas and run in
 * order: r2 is SIGKILLed in the second test, r0 is drained with SIGTERM in the last.
 */
describe('several replicas on one database', () => {
  let db: TestDatabase;
  let sql: Client;
  let replicas: Replica[];
  const traceDir = mkdtempSync(join(tmpdir(), 'relia-trace-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await countCompletionWrites(sql);
    replicas = await startReplicas(3, db.url, {
      RELIA_TASK_LEASE_SECONDS: String(LEASE_S),
      RELIA_TASK_MAX_WORKERS: String(WORKERS),
      RELIA_TASK_POLL_INTERVAL_MS: '60000',
      RELIA_TASK_CANCEL_GRACE_MS: '300',
      RELIA_SHUTDOWN_GRACE_SECONDS: '1',
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.dispose()));
    await sql?.end();
    await db?.drop();
    rmSync(traceDir, { recursive: true, force: true });
  });

  /** Each line of the trace file is one run of a handler body: "task-id attempt pid". */
  const runsIn = (file: string): string[][] => readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' '));
  const statusCounts = async (ids: string[]): Promise<Record<string, number>> => {
    const { rows } = await sql.query(`SELECT status, count(*)::int AS n FROM tasks WHERE id = ANY($1) GROUP BY status`, [ids]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };
  const allCompleted = (ids: string[]) => async () => (await statusCounts(ids)).completed === ids.length;
  const task = async (id: string) => (await sql.query(`SELECT * FROM tasks WHERE id = $1`, [id])).rows[0];
  /** Completion writes per task (the trigger's log): every task must have exactly one. */
  const completionWrites = async (ids: string[]): Promise<number[]> => {
    const { rows } = await sql.query(
      `SELECT count(c.task_id)::int AS n FROM unnest($1::uuid[]) AS t(id) LEFT JOIN completion_writes c ON c.task_id = t.id
        GROUP BY t.id`,
      [ids],
    );
    return rows.map((r) => r.n);
  };
  const noops = (n: number, trace: string, every?: DiagTask): DiagTask[] =>
    Array.from({ length: n }, (_, i) =>
      every && i % 50 === 25 ? every : { type: 'diag.noop', payload: { trace_file: trace } });

  it('3 processes, 5,000 tasks: every task completes once, each handler body runs once per attempt', async () => {
    const trace = join(traceDir, 'steady');
    const ids = await insertTasks(sql, noops(5000, trace));
    await until('5,000 tasks completed', allCompleted(ids), 60_000, 200);

    expect(new Set(await completionWrites(ids))).toEqual(new Set([1]));
    const runs = runsIn(trace);
    const perAttempt = new Set(runs.map(([id, attempt]) => `${id} ${attempt}`));
    expect(perAttempt.size).toBe(runs.length);
    expect(new Set(runs.map(([id]) => id))).toEqual(new Set(ids));
    // Every replica took its share: the claims really raced.
    expect(new Set(runs.map(([, , pid]) => Number(pid)))).toEqual(new Set(replicas.map((r) => r.proc.pid)));
  }, 90_000);

  it('with one replica SIGKILLed mid-run: nothing lost, nothing completed twice, its tasks finish elsewhere in time', async () => {
    const trace = join(traceDir, 'kill');
    const victim = replicas[2];
    const ids = await insertTasks(sql, noops(5000, trace, { type: 'diag.sleep', payload: { ms: 300, steps: 1, trace_file: trace } }));
    await until('the victim to hold running tasks', async () => (await heldBy(sql, victim.id)) > 0 && (await statusCounts(ids)).completed > 500, 30_000, 20);
    await victim.stop('SIGKILL');
    const killedAt = Date.now();
    const orphans = (await sql.query(`SELECT id FROM tasks WHERE status = 'running' AND lease_owner = $1`, [victim.id])).rows.map((r) => r.id);
    expect(orphans.length).toBeGreaterThan(0);

    await until('the orphans to finish elsewhere', allCompleted(orphans), (LEASE_S + 5) * 1000, 50);
    expect(Date.now() - killedAt).toBeLessThanOrEqual((LEASE_S + 5) * 1000);
    await until('every task to complete', allCompleted(ids), 60_000, 200);

    expect(new Set(await completionWrites(ids))).toEqual(new Set([1]));
    const runs = runsIn(trace);
    expect(new Set(runs.map(([id, attempt]) => `${id} ${attempt}`)).size).toBe(runs.length);
    for (const id of orphans) expect((await task(id)).attempt).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('cancels a running task through another replica: cooperative, forced, and its child process dies', async () => {
    const [a, b] = replicas;
    const cancelVia = async (id: string): Promise<Record<string, any>> => {
      await until('the task to run', async () => (await task(id)).status === 'running', 10_000, 20);
      const owner = (await task(id)).lease_owner;
      const other = [a, b].find((r) => r.id !== owner)!;
      const res = await fetch(`${other.url}/tasks/${id}/cancel`, {
        method: 'POST', headers: { authorization: `Bearer ${await other.token('root', { admin: true })}` } });
      expect(res.status).toBe(202);
      await until('the task to be canceled', async () => (await task(id)).status === 'canceled', 3000, 20);
      return task(id);
    };

    const [sleeping, stubborn, child] = await insertTasks(sql, [
      { type: 'diag.sleep', payload: { ms: 30_000, steps: 300 } },
      { type: 'diag.stubborn', payload: { ms: 30_000 } },
      { type: 'diag.child', payload: { ms: 30_000 } },
    ]);
    expect(await cancelVia(sleeping)).toMatchObject({ cancel_mode: 'cooperative', canceled_by: 'root' });
    expect(await cancelVia(stubborn)).toMatchObject({ cancel_mode: 'forced' });
    await until('the child to start', async () => typeof (await task(child)).details.pid === 'number', 10_000, 20);
    const pid = (await task(child)).details.pid as number;
    expect(isAlive(pid)).toBe(true);
    await cancelVia(child);
    await until('the child process to die', async () => !isAlive(pid), 2000, 20);
    // Reaped, not a zombie for the life of the replica (as when its thread was ended first).
    await until('the child process to be reaped', async () => !existsSync(`/proc/${pid}`), 2000, 20);
  }, 60_000);

  it('survives its database connections being terminated under load: reconnects, LISTEN included, loses nothing', async () => {
    const live = replicas.filter((r) => r.alive);
    const ids = await insertTasks(sql, noops(3000, join(traceDir, 'terminate')));
    for (let i = 0; i < 3; i++) {
      await sleep(150);
      await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    }
    await until('every task to complete', allCompleted(ids), 60_000, 200);
    expect(new Set(await completionWrites(ids))).toEqual(new Set([1]));
    for (const r of live) {
      await until(`${r.id} ready again`, async () => (await r.readiness()) === 200, 10_000, 100);
      expect(r.output).toMatch(/LISTEN connection lost/);
    }
    // Polling is a minute away: a prompt pickup now proves the LISTEN connections came back.
    const started = Date.now();
    const [probe] = await insertTasks(sql, [{ type: 'diag.noop' }]);
    await until('the probe to complete', allCompleted([probe]), 2000, 10);
    expect(Date.now() - started).toBeLessThan(2000);
  }, 90_000);

  it('drains on SIGTERM: readiness 503, exit code 0, unfinished tasks handed back and run by another replica', async () => {
    const live = replicas.filter((r) => r.alive);
    const a = live[0];
    const tasks = Array.from({ length: live.length * WORKERS }, () => ({ type: 'diag.sleep', payload: { ms: 2500, steps: 25 } }));
    const ids = await insertTasks(sql, tasks);
    await until('every replica busy', async () => (await statusCounts(ids)).running === ids.length, 10_000, 20);
    const handedBack = (await sql.query(`SELECT id FROM tasks WHERE id = ANY($1) AND lease_owner = $2`, [ids, a.id])).rows
      .map((r) => r.id);
    expect(handedBack).toHaveLength(WORKERS);

    const exit = a.stop('SIGTERM');
    const seen = new Set<number>();
    while (a.alive) seen.add(await a.readiness()), await sleep(20);
    expect(await exit).toBe(0);
    expect(seen).toContain(503);

    await until('every task to complete', allCompleted(ids), 20_000, 100);
    const others = live.slice(1).map((r) => r.proc.pid);
    for (const id of handedBack) {
      const { result } = await task(id);
      expect(result.attempt).toBe(2);
      expect(others).toContain(result.pid);
    }
  }, 60_000);
});

async function heldBy(sql: Client, owner: string): Promise<number> {
  const { rows } = await sql.query(`SELECT count(*)::int AS n FROM tasks WHERE status = 'running' AND lease_owner = $1`, [owner]);
  return rows[0].n;
}

/** A test-only trigger that logs every write to a completed row: "written once" becomes countable. */
async function countCompletionWrites(sql: Client): Promise<void> {
  await sql.query(`
    CREATE TABLE completion_writes (task_id uuid NOT NULL, attempt int NOT NULL);
    CREATE FUNCTION log_completion_write() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN INSERT INTO completion_writes VALUES (NEW.id, NEW.attempt); RETURN NEW; END $$;
    CREATE TRIGGER completion_writes AFTER UPDATE ON tasks
      FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION log_completion_write();`);
}
