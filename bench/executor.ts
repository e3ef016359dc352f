/**
 * The executor against graphile-worker 0.17.3 and pg-boss 10.4.2, in one run on one PostgreSQL
 * (DATABASE_URL, default the machine's server), each in its own fresh database.
 *
 *   npm run build && npm run bench:executor          (rivals: cd bench && npm ci, once)
 *
 * Prints: throughput of 10,000 no-op tasks (enqueue → last completion) at concurrency 4 and 16;
 * pickup latency on an idle system (create → handler start); cancel latency of a running task
 * across replicas; recovery time after SIGKILL of a replica with a 5 s lease. Relia runs as the
 * built service (`node dist/src/main.js`), its tasks inserted in bulk with one NOTIFY; the rivals
 * run in this process with their own client APIs (bulk enqueue too). Beside each throughput, the CPU
 * each system spent per task: Node (this process, plus Relia's replica) and PostgreSQL (every
 * `postgres` process on this machine), sampled after a short settle so deferred writes count.
 */
import { Client } from 'pg';
import { Logger, makeWorkerUtils, run as runGraphile } from 'graphile-worker';
import PgBoss from 'pg-boss';
import { databaseUrl } from '../test/support/db-url';
import { insertTasks, Replica, sleep, until } from '../test/support/replicas';
import { cpuPerTask, cpuSample } from './support';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const PICKUP_SAMPLES = Number(process.env.BENCH_PICKUPS ?? 200);
/** pg-boss polls (0.5 s at best): 200 samples would take minutes and say nothing more. */
const PGBOSS_PICKUP_SAMPLES = Math.min(20, PICKUP_SAMPLES);
const PGBOSS_BATCH = 50;
const CANCEL_SAMPLES = Number(process.env.BENCH_CANCELS ?? 30);
const RECOVERY_SAMPLES = Number(process.env.BENCH_RECOVERIES ?? 3);
const LEASE_S = 5;

/** RELIA_TASK_PREFETCH for the second Relia figure: none, so the cost of the default (auto) shows. */
const PREFETCH = '0';

type System = 'relia' | 'relia, prefetch' | 'graphile-worker' | 'pg-boss';
/** A throughput figure and the CPU per task behind it ("node / postgres", µs). */
interface Throughput {
  rate: number;
  cpu: string;
}
/** After the last completion, before the CPU sample: Relia's telemetry is written every 200 ms. */
const SETTLE_MS = 500;
const figures: Record<string, Partial<Record<System, string>>> = {};

// pg-boss's pool outlives `stop()` and errors without a listener once its database is dropped
// (DROP … WITH (FORCE) ends its connections): that is the end of a finished measurement, not a failure.
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (error.code === '57P01') return console.error(`(a rival's pool lost its dropped database: ${error.message})`);
  throw error;
});

async function main(): Promise<void> {
  for (const concurrency of [4, 16]) {
    const row = `throughput c=${concurrency} (tasks/s)`;
    const runs: Record<System, Throughput> = {
      relia: await reliaThroughput(concurrency, 'auto'),
      'relia, prefetch': await reliaThroughput(concurrency, PREFETCH),
      'graphile-worker': await graphileThroughput(concurrency),
      'pg-boss': await pgBossThroughput(concurrency),
    };
    figures[row] = mapValues(runs, (run) => fmt(run.rate));
    figures[`CPU per task c=${concurrency}, Node / PostgreSQL (µs)`] = mapValues(runs, (run) => run.cpu);
    printRatio(row, `CPU per task c=${concurrency}, Node / PostgreSQL (µs)`);
  }
  // Pickup is measured on an idle system: the throughput runs left ~100,000 rows' worth of dirty
  // pages, whose write-out otherwise lands in the first system's samples (a p99 of 23 ms once).
  await checkpoint();
  figures['pickup p50 / p99 (ms)'] = {
    relia: pct(await reliaPickups()),
    'graphile-worker': pct(await graphilePickups()),
    'pg-boss': pct(await pgBossPickups()) + ` (${PGBOSS_PICKUP_SAMPLES} samples)`,
  };
  figures['cancel across replicas p50 / p99 (ms)'] = { relia: pct(await reliaCancels()) };
  figures[`recovery after SIGKILL, lease ${LEASE_S} s (ms)`] = { relia: (await reliaRecoveries()).map(fmt).join(', ') };
  printTable();
}

// ---- Relia -------------------------------------------------------------------------------

/** A fresh database, dropped after `fn`. */
async function withDatabase<T>(name: string, fn: (url: string, sql: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  const db = `bench_${name}_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db}`);
  const sql = new Client({ connectionString: databaseUrl(SERVER, db) });
  await sql.connect();
  try {
    return await fn(databaseUrl(SERVER, db), sql);
  } finally {
    await sql.end();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
}

/** Replicas on `url`, disposed after `fn`; the first one migrates the empty database. */
async function withReplicas<T>(url: string, n: number, env: Record<string, string>, fn: (r: Replica[]) => Promise<T>): Promise<T> {
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < n; i++) replicas.push(await new Replica(`b${i}`, url, env).ready(60_000));
    return await fn(replicas);
  } finally {
    await Promise.all(replicas.map((r) => r.dispose()));
  }
}

async function reliaThroughput(concurrency: number, prefetch: string): Promise<Throughput> {
  const env = { RELIA_TASK_MAX_WORKERS: String(concurrency), RELIA_TASK_PREFETCH: prefetch };
  return withDatabase('relia_tp', (url, sql) =>
    withReplicas(url, 1, env, async ([replica]) => {
      const pids = [replica.proc.pid!];
      const cpu = cpuSample(pids);
      const started = Date.now();
      await insertTasks(sql, Array.from({ length: TASKS }, () => ({ type: 'diag.noop' })));
      // Poll whether anything is left, as for graphile-worker, through the partial indexes over
      // pending and running rows. `count(*) … WHERE status IN ('pending', 'running')` was a
      // sequential scan of the growing table (5 ms every 20 ms, a quarter of a core of the server
      // during the measurement, charged to Relia).
      await until('all done', async () => !(await anyLeft(sql, `SELECT 1 FROM tasks WHERE status = 'pending'`,
        `SELECT 1 FROM tasks WHERE status = 'running'`)), 300_000, 20);
      const rate = TASKS / ((Date.now() - started) / 1000);
      await sleep(SETTLE_MS);
      const used = cpuPerTask(cpu, cpuSample(pids), TASKS);
      const completed = await count(sql, `SELECT count(*) FROM tasks WHERE status = 'completed'`);
      if (completed !== TASKS) throw new Error(`${TASKS - completed} of ${TASKS} tasks did not complete`);
      return { rate, cpu: used };
    }));
}

async function reliaPickups(): Promise<number[]> {
  return withDatabase('relia_pickup', (url, sql) =>
    withReplicas(url, 1, {}, async () => {
      await sleep(1000);
      const samples: number[] = [];
      for (let i = 0; i < PICKUP_SAMPLES; i++) {
        const created = Date.now();
        const [id] = await insertTasks(sql, [{ type: 'diag.noop' }]);
        samples.push((await finishedResult(sql, id)).started_ms - created);
        await sleep(10);
      }
      return samples;
    }));
}

async function reliaCancels(): Promise<number[]> {
  return withDatabase('relia_cancel', (url, sql) =>
    withReplicas(url, 2, { RELIA_TASK_MAX_WORKERS: '2' }, async (replicas) => {
      const samples: number[] = [];
      for (let i = 0; i < CANCEL_SAMPLES; i++) {
        const [id] = await insertTasks(sql, [{ type: 'diag.sleep', payload: { ms: 60_000, steps: 600 } }]);
        await until('running', async () => (await row(sql, id)).status === 'running', 10_000, 2);
        const owner = (await row(sql, id)).lease_owner;
        const other = replicas.find((r) => r.id !== owner)!;
        const token = await other.token('root', { admin: true });
        const asked = Date.now();
        await fetch(`${other.url}/tasks/${id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        await until('canceled', async () => (await row(sql, id)).status === 'canceled', 10_000, 2);
        samples.push(Date.now() - asked);
      }
      return samples;
    }));
}

/** SIGKILL the replica running a task; time until another replica has started it again. */
async function reliaRecoveries(): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RECOVERY_SAMPLES; i++) {
    samples.push(await withDatabase('relia_recovery', (url, sql) =>
      withReplicas(url, 2, { RELIA_TASK_LEASE_SECONDS: String(LEASE_S), RELIA_TASK_MAX_WORKERS: '1' }, async (replicas) => {
        const [id] = await insertTasks(sql, [{ type: 'diag.sleep', payload: { ms: 60_000, steps: 60 } }]);
        await until('running', async () => (await row(sql, id)).status === 'running', 10_000, 5);
        const victimId = (await row(sql, id)).lease_owner;
        await replicas.find((r) => r.id === victimId)!.stop('SIGKILL');
        const killed = Date.now();
        await until('restarted elsewhere', async () => {
          const task = await row(sql, id);
          return task.status === 'running' && task.lease_owner !== victimId;
        }, 60_000, 5);
        return Date.now() - killed;
      })));
  }
  return samples;
}

// ---- graphile-worker ---------------------------------------------------------------------

/** Its per-job INFO lines would cost it throughput that no one would pay in production. */
const silent = new Logger(() => () => undefined);

/** Its batching options (local queue, batched completion): its best figures on this machine. */
const GRAPHILE_PRESET = { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } };

async function graphileThroughput(concurrency: number): Promise<Throughput> {
  return withDatabase('graphile_tp', async (connectionString, sql) => {
    const utils = await makeWorkerUtils({ connectionString, logger: silent });
    await utils.migrate();
    const runner = await runGraphile({ connectionString, concurrency, noHandleSignals: true, logger: silent, preset: GRAPHILE_PRESET as never,
      taskList: { noop: async () => undefined } });
    try {
      const cpu = cpuSample();
      const started = Date.now();
      await utils.addJobs(Array.from({ length: TASKS }, () => ({ identifier: 'noop', payload: {} })));
      await until('all done', async () => !(await anyLeft(sql, `SELECT 1 FROM graphile_worker._private_jobs`)), 300_000, 20);
      const rate = TASKS / ((Date.now() - started) / 1000);
      await sleep(SETTLE_MS);
      return { rate, cpu: cpuPerTask(cpu, cpuSample(), TASKS) };
    } finally {
      await runner.stop();
      await utils.release();
    }
  });
}

async function graphilePickups(): Promise<number[]> {
  return withDatabase('graphile_pickup', async (connectionString) => {
    const utils = await makeWorkerUtils({ connectionString, logger: silent });
    await utils.migrate();
    const started = new Map<string, (t: number) => void>();
    const runner = await runGraphile({ connectionString, concurrency: 4, noHandleSignals: true, logger: silent,
      taskList: { noop: async (payload) => started.get((payload as { n: string }).n)?.(Date.now()) } });
    try {
      await sleep(1000);
      return await samplePickups(PICKUP_SAMPLES, started, (n) => utils.addJob('noop', { n }).then(() => undefined));
    } finally {
      await runner.stop();
      await utils.release();
    }
  });
}

// ---- pg-boss -------------------------------------------------------------------------------

async function withBoss<T>(name: string, fn: (boss: PgBoss, sql: Client) => Promise<T>): Promise<T> {
  return withDatabase(name, async (connectionString, sql) => {
    const boss = new PgBoss({ connectionString, max: 20 });
    boss.on('error', (e) => console.error('pg-boss:', e.message));
    await boss.start();
    await boss.createQueue('noop');
    try {
      return await fn(boss, sql);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
}

async function pgBossThroughput(concurrency: number): Promise<Throughput> {
  return withBoss('pgboss_tp', async (boss, sql) => {
    // pg-boss 10 waits its polling interval (0.5 s at least) after every fetch, so one job per
    // fetch caps it at 2 jobs/s per worker; its best shot is a batch per fetch (50, more jobs in
    // flight than the other systems' `concurrency`), which favours it.
    for (let i = 0; i < concurrency; i++) {
      await boss.work('noop', { pollingIntervalSeconds: 0.5, batchSize: PGBOSS_BATCH }, async () => undefined);
    }
    const cpu = cpuSample();
    const started = Date.now();
    await boss.insert(Array.from({ length: TASKS }, () => ({ name: 'noop', data: {} })));
    await until('all done', async () => (await count(sql, `SELECT count(*) FROM pgboss.job WHERE state = 'completed'`)) === TASKS, 600_000, 20);
    const rate = TASKS / ((Date.now() - started) / 1000);
    await sleep(SETTLE_MS);
    return { rate, cpu: cpuPerTask(cpu, cpuSample(), TASKS) };
  });
}

async function pgBossPickups(): Promise<number[]> {
  return withBoss('pgboss_pickup', async (boss) => {
    const started = new Map<string, (t: number) => void>();
    await boss.work('noop', { pollingIntervalSeconds: 0.5 }, async ([job]) => started.get((job.data as { n: string }).n)?.(Date.now()));
    return samplePickups(PGBOSS_PICKUP_SAMPLES, started, (n) => boss.send('noop', { n }).then(() => undefined));
  });
}

// ---- helpers -------------------------------------------------------------------------------

/** One job at a time on an idle system: create, then wait until its handler says it started. */
async function samplePickups(n: number, started: Map<string, (t: number) => void>, create: (n: string) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const ran = new Promise<number>((resolve) => started.set(String(i), resolve));
    const created = Date.now();
    await create(String(i));
    samples.push((await ran) - created);
    await sleep(20);
  }
  return samples;
}

async function finishedResult(sql: Client, id: string): Promise<{ started_ms: number }> {
  for (;;) {
    const task = await row(sql, id);
    if (task.status === 'completed') return task.result;
    await sleep(2);
  }
}

async function row(sql: Client, id: string): Promise<Record<string, any>> {
  return (await sql.query(`SELECT status, lease_owner, result FROM tasks WHERE id = $1`, [id])).rows[0];
}

async function checkpoint(): Promise<void> {
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query('CHECKPOINT').finally(() => admin.end());
}

/** Whether any of the queries finds a row (each stops at its first). */
async function anyLeft(sql: Client, ...queries: string[]): Promise<boolean> {
  const exists = queries.map((q) => `EXISTS (${q})`).join(' OR ');
  return (await sql.query(`SELECT ${exists} AS left`)).rows[0].left as boolean;
}

async function count(sql: Client, query: string): Promise<number> {
  return Number((await sql.query(query)).rows[0].count);
}

function pct(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return `${fmt(at(50))} / ${fmt(at(99))}`;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function mapValues<T>(runs: Record<System, Throughput>, f: (run: Throughput) => T): Record<System, T> {
  return Object.fromEntries(Object.entries(runs).map(([system, run]) => [system, f(run)])) as Record<System, T>;
}

function printRatio(name: string, cpuRow: string): void {
  const f = figures[name];
  const cpu = figures[cpuRow];
  const best = Math.max(Number(f['graphile-worker']), Number(f['pg-boss']));
  console.log(`${name}: relia ${f.relia} (prefetch ${PREFETCH}: ${f['relia, prefetch']}), graphile-worker ` +
    `${f['graphile-worker']}, pg-boss ${f['pg-boss']}; relia / best rival = ${ratio(f.relia, best)} ` +
    `(prefetch: ${ratio(f['relia, prefetch'], best)}); CPU per task, Node / PostgreSQL µs: relia ${cpu.relia}, ` +
    `graphile-worker ${cpu['graphile-worker']}, pg-boss ${cpu['pg-boss']}`);
}

const ratio = (relia: string | undefined, best: number): string => (Number(relia) / best).toFixed(2);

function printTable(): void {
  console.log(`\n| figure | relia | relia, prefetch ${PREFETCH} | graphile-worker 0.17.3 | pg-boss 10.4.2 |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (const [name, f] of Object.entries(figures)) {
    const cells = (['relia', 'relia, prefetch', 'graphile-worker', 'pg-boss'] as const).map((s) => f[s] ?? '–');
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
