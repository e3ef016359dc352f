/**
 * The executor against BullMQ 6.7.6 (ioredis 6.1.0), graphile-worker 0.17.3 and pg-boss 10.4.2,
 * in one run: the PostgreSQL systems on one server (DATABASE_URL, default the machine's), each in
 * its own fresh database; BullMQ on two `redis-server`s this script starts itself on free loopback
 * ports in a temporary directory (one durable, `--appendonly yes --appendfsync always`, as
 * PostgreSQL's commit is; one with no persistence) and stops at the end.
 *
 *   npm run build && npm run bench:executor          (rivals: cd bench && npm ci, once)
 *
 * Prints: throughput of 10,000 no-op tasks (enqueue → last completion) at concurrency 4 and 16;
 * pickup latency on an idle system (create → handler start); cancel latency of a running task
 * across replicas; recovery time after SIGKILL of a replica with a 5 s lease. Relia runs as the
 * built service (`node dist/src/main.js`), its tasks inserted in bulk with one NOTIFY; the rivals
 * run in this process with their own client APIs (bulk enqueue too). Beside each throughput, the CPU
 * each system spent per task: Node (this process, plus Relia's replica) and PostgreSQL (every
 * `postgres` process serving the system's database, and the server's background processes; the
 * machine is shared) or Redis (the bench's redis-server), sampled after a short settle so deferred
 * writes count. BullMQ runs with its defaults (completed jobs kept), an inline processor or a
 * sandboxed one in worker threads (`useWorkerThreads: true`, bench/bullmq-noop.cjs); every BullMQ
 * run checks that each job completed exactly once and stops otherwise.
 *
 *   BENCH_SYSTEMS=relia,bullmq   only these (relia, graphile, pgboss, bullmq; default all)
 *   BENCH_EXTRAS=0               skip cancel and recovery
 *   BENCH_THROUGHPUT=0           skip the throughput runs (pickup only)
 *   BENCH_BASELINE=<main.js>     also another build of Relia ("relia, baseline"), interleaved
 *                                with this one, for an optimisation's before / after in one run
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Logger, makeWorkerUtils, run as runGraphile } from 'graphile-worker';
import PgBoss from 'pg-boss';
import { Job, Queue, Worker } from 'bullmq';
import { freePort } from '../src/common/free-port';
import { databaseUrl } from '../test/support/db-url';
import { insertTasks, Replica, sleep, until } from '../test/support/replicas';
import { cpuMark, cpuPerTaskSince, load } from './support';

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

const ONLY = new Set((process.env.BENCH_SYSTEMS ?? 'relia,graphile,pgboss,bullmq').split(','));
const EXTRAS = process.env.BENCH_EXTRAS !== '0';
const THROUGHPUT = process.env.BENCH_THROUGHPUT !== '0';
const BASELINE = process.env.BENCH_BASELINE;

type Processor = 'inline' | 'threads';
type Persistence = 'durable' | 'no persistence';
const BULL_MODES: Array<[Processor, Persistence]> = [['threads', 'durable'], ['threads', 'no persistence'], ['inline', 'durable'], ['inline', 'no persistence']];
type BullSystem = `bullmq ${Processor}, ${Persistence}`;
const bullSystem = (p: Processor, r: Persistence): BullSystem => `bullmq ${p}, ${r}`;
type System = 'relia' | 'relia, baseline' | 'relia, prefetch' | 'graphile-worker' | 'pg-boss' | BullSystem;
const SYSTEMS: System[] = ['relia', ...(BASELINE ? ['relia, baseline' as const] : []), 'relia, prefetch', ...BULL_MODES.map(([p, r]) => bullSystem(p, r)), 'graphile-worker', 'pg-boss'];
/** Sub-millisecond wall clock, comparable with the handlers' stamps (other threads, other processes). */
const now = (): number => performance.timeOrigin + performance.now();
/** A throughput figure and the CPU per task behind it ("node / postgres", µs). */
interface Throughput {
  rate: number;
  cpu: string;
  /** The 1-minute load average at the end of the run (the machine is shared). */
  load: string;
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
  console.log(`start ${new Date().toISOString()}, commit ${gitHead()}, load ${load()}`);
  const redis: Record<Persistence, RedisServer> = ONLY.has('bullmq')
    ? { durable: await RedisServer.start(['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']),
      'no persistence': await RedisServer.start(['--save', '', '--appendonly', 'no']) }
    : ({} as Record<Persistence, RedisServer>);
  try {
    for (const concurrency of THROUGHPUT ? [4, 16] : []) {
      const row = `throughput c=${concurrency} (tasks/s)`;
      const runs: Partial<Record<System, Throughput>> = {};
      // Interleaved: Relia, then each BullMQ mode, then Relia again with prefetch off, then the rest.
      if (ONLY.has('relia')) runs.relia = await reliaThroughput(concurrency, 'auto');
      if (BASELINE) runs['relia, baseline'] = await reliaThroughput(concurrency, 'auto', BASELINE);
      if (ONLY.has('bullmq')) {
        for (const [p, r] of BULL_MODES) runs[bullSystem(p, r)] = await bullThroughput(redis[r], p, concurrency);
      }
      if (ONLY.has('relia')) runs['relia, prefetch'] = await reliaThroughput(concurrency, PREFETCH);
      if (ONLY.has('graphile')) runs['graphile-worker'] = await graphileThroughput(concurrency);
      if (ONLY.has('pgboss')) runs['pg-boss'] = await pgBossThroughput(concurrency);
      figures[row] = mapValues(runs, (run) => fmt(run.rate));
      figures[`CPU per task c=${concurrency}, Node / PostgreSQL or Redis (µs)`] = mapValues(runs, (run) => run.cpu);
      figures[`load during c=${concurrency} (1 min)`] = mapValues(runs, (run) => run.load);
      printRatio(row, `CPU per task c=${concurrency}, Node / PostgreSQL or Redis (µs)`);
    }
    // Pickup is measured on an idle system: the throughput runs left ~100,000 rows' worth of dirty
    // pages, whose write-out otherwise lands in the first system's samples (a p99 of 23 ms once).
    await checkpoint();
    const pickup: Partial<Record<System, string>> = {};
    const probes: Partial<Record<System | 'relia, traced', Held<Probe>>> = {};
    for (const r of Object.values(redis)) r.flush();
    try {
      if (ONLY.has('relia')) probes.relia = await reliaProbe();
      if (BASELINE) probes['relia, baseline'] = await reliaProbe(false, BASELINE);
      if (ONLY.has('bullmq')) for (const [p, r] of BULL_MODES) probes[bullSystem(p, r)] = await bullProbe(redis[r], p);
      if (ONLY.has('graphile')) probes['graphile-worker'] = await graphileProbe();
      if (ONLY.has('relia')) probes['relia, traced'] = await reliaProbe(true);
      const samples = await interleavedPickups(probes);
      for (const [name, s] of Object.entries(samples)) if (name !== 'relia, traced') pickup[name as System] = pct(s);
      if (samples['relia, traced']) figures['pickup p50 / p99 (ms), a second Relia replica, traced'] = { relia: pct(samples['relia, traced']) };
    } finally {
      for (const probe of Object.values(probes)) await probe.close();
    }
    if (ONLY.has('pgboss')) pickup['pg-boss'] = pct(await pgBossPickups()) + ` (${PGBOSS_PICKUP_SAMPLES} samples, alone)`;
    figures['pickup p50 / p99 (ms)'] = pickup;
    printPickupRatio(pickup);
    if (ONLY.has('relia') && EXTRAS) {
      figures['cancel across replicas p50 / p99 (ms)'] = { relia: pct(await reliaCancels()) };
      figures[`recovery after SIGKILL, lease ${LEASE_S} s (ms)`] = { relia: (await reliaRecoveries()).map(fmt).join(', ') };
    }
  } finally {
    await Promise.all(Object.values(redis).map((r) => r.stop()));
  }
  printTable();
  console.log(`end ${new Date().toISOString()}, load ${load()}`);
}

function gitHead(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} (+ uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
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
    // A port the kernel says is free: the default (a random one from 21000) once met another
    // session's socket on this shared machine.
    for (let i = 0; i < n; i++) replicas.push(await new Replica(`b${i}`, url, env, await freePort()).ready(60_000));
    return await fn(replicas);
  } finally {
    await Promise.all(replicas.map((r) => r.dispose()));
  }
}

async function reliaThroughput(concurrency: number, prefetch: string, main?: string): Promise<Throughput> {
  const env = { RELIA_TASK_MAX_WORKERS: String(concurrency), RELIA_TASK_PREFETCH: prefetch, ...(main ? { RELIA_MAIN: main } : {}) };
  return withDatabase('relia_tp', (url, sql) =>
    withReplicas(url, 1, env, async ([replica]) => {
      const pids = [replica.proc.pid!];
      const cpu = cpuMark(pids);
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
      const used = await cpuPerTaskSince(cpu, pids, TASKS, sql);
      const completed = await count(sql, `SELECT count(*) FROM tasks WHERE status = 'completed'`);
      if (completed !== TASKS) throw new Error(`${TASKS - completed} of ${TASKS} tasks did not complete`);
      return { rate, cpu: used, load: load1() };
    }));
}

/**
 * An idle Relia replica to sample pickups from; with `breakdown`, it traces each task
 * (RELIA_PICKUP_TRACE) and `finish` prints the segments of the path: insert → its commit
 * acknowledged to the client, → the wake NOTIFY heard by the replica, → the claim sent, → the
 * claim's answer (its commit) back, → the hand-over posted to a thread, → the handler's first line.
 */
function reliaProbe(breakdown = false, main?: string): Promise<Held<Probe>> {
  const dir = mkdtempSync(join(tmpdir(), 'relia-pickup-'));
  const trace = join(dir, 'trace');
  const stamps = new Map<string, number[]>();
  const env = { ...(breakdown ? { RELIA_PICKUP_TRACE: trace } : {}), ...(main ? { RELIA_MAIN: main } : {}) };
  return hold<Probe>((body) => withDatabase(breakdown ? 'relia_pickup_traced' : main ? 'relia_pickup_base' : 'relia_pickup', (url, sql) =>
    withReplicas(url, 1, env, async () => {
      await insertTasks(sql, [{ type: 'diag.noop' }]); // the first run loads the handler's module
      await sleep(1000);
      await body({
        async sample() {
          const created = now();
          const [id] = await insertTasks(sql, [{ type: 'diag.noop' }]);
          const inserted = now();
          const started = (await finishedResult(sql, id)).started_ms;
          stamps.set(id, [created, inserted, started]);
          return started - created;
        },
        finish: () => breakdown && printBreakdown(stamps, readFileSync(trace, 'utf8')),
      });
    })).finally(() => rmSync(dir, { recursive: true, force: true })));
}

const SEGMENTS = ['insert → commit acknowledged to the client', 'insert → wake NOTIFY heard by the replica',
  'NOTIFY heard → claim sent', 'claim sent → claim answered (its commit)', 'claim answered → hand-over posted',
  'hand-over posted → handler first line', 'total: insert → handler first line'];

function printBreakdown(stamps: Map<string, number[]>, trace: string): void {
  const parts: number[][] = SEGMENTS.map(() => []);
  for (const line of trace.trim().split('\n')) {
    const [id, ...rest] = line.split(' ');
    const [woken, sent, answered, handed] = rest.map(Number);
    const client = stamps.get(id);
    if (!client) continue;
    const [created, inserted, started] = client;
    [inserted - created, woken - created, sent - woken, answered - sent, handed - answered, started - handed, started - created]
      .forEach((v, k) => parts[k].push(v));
  }
  console.log(`pickup breakdown, Relia, ${parts[0].length} samples, p50 / p99 / mean ms (load ${load()}):`);
  SEGMENTS.forEach((name, k) => {
    const mean = parts[k].reduce((a, b) => a + b, 0) / parts[k].length;
    console.log(`  ${name}: ${pct(parts[k], 2)} / ${mean.toFixed(2)}`);
    figures[`pickup breakdown: ${name}, p50 / p99 (ms)`] = { relia: pct(parts[k], 2) };
  });
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
      const cpu = cpuMark();
      const started = Date.now();
      await utils.addJobs(Array.from({ length: TASKS }, () => ({ identifier: 'noop', payload: {} })));
      await until('all done', async () => !(await anyLeft(sql, `SELECT 1 FROM graphile_worker._private_jobs`)), 300_000, 20);
      const rate = TASKS / ((Date.now() - started) / 1000);
      await sleep(SETTLE_MS);
      return { rate, cpu: await cpuPerTaskSince(cpu, [], TASKS, sql), load: load1() };
    } finally {
      await runner.stop();
      await utils.release();
    }
  });
}

function graphileProbe(): Promise<Held<Probe>> {
  return hold<Probe>((body) => withDatabase('graphile_pickup', async (connectionString) => {
    const utils = await makeWorkerUtils({ connectionString, logger: silent });
    await utils.migrate();
    const started = new Map<string, (t: number) => void>();
    const runner = await runGraphile({ connectionString, concurrency: 4, noHandleSignals: true, logger: silent,
      taskList: { noop: async (payload) => started.get((payload as { n: string }).n)?.(now()) } });
    let n = 0;
    try {
      await sleep(1000);
      await body({
        async sample() {
          const key = String(n++);
          const ran = new Promise<number>((resolve) => started.set(key, resolve));
          const created = now();
          await utils.addJob('noop', { n: key });
          return (await ran) - created;
        },
      });
    } finally {
      await runner.stop();
      await utils.release();
    }
  }));
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
    const cpu = cpuMark();
    const started = Date.now();
    await boss.insert(Array.from({ length: TASKS }, () => ({ name: 'noop', data: {} })));
    await until('all done', async () => (await count(sql, `SELECT count(*) FROM pgboss.job WHERE state = 'completed'`)) === TASKS, 600_000, 20);
    const rate = TASKS / ((Date.now() - started) / 1000);
    await sleep(SETTLE_MS);
    return { rate, cpu: await cpuPerTaskSince(cpu, [], TASKS, sql), load: load1() };
  });
}

async function pgBossPickups(): Promise<number[]> {
  return withBoss('pgboss_pickup', async (boss) => {
    const started = new Map<string, (t: number) => void>();
    await boss.work('noop', { pollingIntervalSeconds: 0.5 }, async ([job]) => started.get((job.data as { n: string }).n)?.(now()));
    return samplePickups(PGBOSS_PICKUP_SAMPLES, started, (n) => boss.send('noop', { n }).then(() => undefined));
  });
}


// ---- BullMQ --------------------------------------------------------------------------------

/** A redis-server of the bench's own, on a free loopback port, in a temporary directory. */
class RedisServer {
  private constructor(readonly port: number, readonly proc: ChildProcess, readonly dir: string, readonly label: string) {}

  static async start(args: string[]): Promise<RedisServer> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'relia-bench-redis-'));
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args], { stdio: 'ignore' });
    const server = new RedisServer(port, proc, dir, args.join(' '));
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(50);
      }
    }
    console.log(`redis-server pid ${proc.pid} on 127.0.0.1:${port} (${server.label})`);
    return server;
  }

  get connection() {
    return { host: '127.0.0.1', port: this.port, maxRetriesPerRequest: null };
  }

  flush(): void {
    execFileSync('redis-cli', ['-p', String(this.port), 'flushall'], { stdio: 'pipe' });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}


const SANDBOX = join(__dirname, 'bullmq-noop.cjs');

/** The inline processor: the same no-op, stamping its first line. */
const inlineNoop = async (): Promise<number> => now();

/**
 * A Queue and a Worker (BullMQ's defaults: completed jobs kept) on a flushed server; every
 * completion is counted by the job's number, and a failure, a stall or a second completion stops
 * the bench.
 */
async function withBull<T>(redis: RedisServer, processor: Processor, concurrency: number,
  fn: (queue: Queue, done: (n: number) => Promise<void>, completedAt: Map<number, number>) => Promise<T>, flush = true): Promise<T> {
  if (flush) redis.flush();
  const name = `noop_${processor}_${concurrency}`;
  const queue = new Queue(name, { connection: redis.connection });
  const worker = new Worker(name, processor === 'inline' ? inlineNoop : SANDBOX,
    { connection: redis.connection, concurrency, useWorkerThreads: processor === 'threads' });
  const completions = new Map<number, number>();
  const completedAt = new Map<number, number>();
  const waiting = new Map<number, () => void>();
  let problem: Error | undefined;
  worker.on('completed', (job: Job, result: number) => {
    const n = (job.data as { n: number }).n;
    const times = (completions.get(n) ?? 0) + 1;
    completions.set(n, times);
    if (times > 1) problem = new Error(`bullmq ${processor}: job ${n} completed ${times} times`);
    completedAt.set(n, result);
    waiting.get(n)?.();
  });
  worker.on('failed', (job, error) => (problem = new Error(`bullmq ${processor}: job ${job?.data?.n} failed: ${error.message}`)));
  worker.on('stalled', (id) => (problem = new Error(`bullmq ${processor}: job ${id} stalled`)));
  worker.on('error', (error) => (problem = error));
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  const done = async (upTo: number): Promise<void> => {
    await until(`bullmq ${processor}: ${upTo} jobs done`, async () => {
      if (problem) throw problem;
      return completions.size >= upTo;
    }, 300_000, 5);
  };
  try {
    return await fn(queue, done, completedAt);
  } finally {
    await worker.close();
    await queue.close();
    if (problem) throw problem;
  }
}

async function bullThroughput(redis: RedisServer, processor: Processor, concurrency: number): Promise<Throughput> {
  return withBull(redis, processor, concurrency, async (queue, done) => {
    // A warm-up round, so the sandbox's threads exist before the clock starts (Relia's replica has
    // started its pool before its run too): this favours BullMQ slightly.
    const WARM = 2 * concurrency;
    await queue.addBulk(Array.from({ length: WARM }, (_, i) => ({ name: 'noop', data: { n: -1 - i } })));
    await done(WARM);
    const cpu = cpuMark([], [redis.proc.pid!]);
    const started = Date.now();
    for (let from = 0; from < TASKS; from += 1000) {
      await queue.addBulk(Array.from({ length: Math.min(1000, TASKS - from) }, (_, i) => ({ name: 'noop', data: { n: from + i } })));
    }
    await done(WARM + TASKS);
    const rate = TASKS / ((Date.now() - started) / 1000);
    await sleep(SETTLE_MS);
    const used = await cpuPerTaskSince(cpu, [], TASKS, null);
    const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    if (counts.completed !== WARM + TASKS || counts.failed || counts.waiting || counts.active || counts.delayed) {
      throw new Error(`bullmq ${processor}: job counts after the run ${JSON.stringify(counts)}, expected ${WARM + TASKS} completed`);
    }
    return { rate, cpu: used, load: load1() };
  });
}

/** An idle worker (concurrency 4) to sample pickups from: add one job, then its handler's first line. */
function bullProbe(redis: RedisServer, processor: Processor): Promise<Held<Probe>> {
  // Each mode its own queue on its server: the two modes on one server never share jobs.
  return hold<Probe>((body) => withBull(redis, processor, 4, async (queue, done, completedAt) => {
    await queue.add('noop', { n: -1 });
    await done(1);
    await sleep(1000);
    let i = 0;
    await body({
      async sample() {
        const n = i++;
        const created = now();
        await queue.add('noop', { n });
        await done(n + 2);
        return completedAt.get(n)! - created;
      },
    });
  }, false));
}

// ---- helpers -------------------------------------------------------------------------------

const load1 = (): string => load().split(' ')[0];

/** A system set up for pickup samples: one sample at a time, on an otherwise idle system. */
interface Probe {
  sample(): Promise<number>;
  finish?(): unknown;
}

interface Held<T> {
  value: T;
  close(): Promise<void>;
}

/** Enters a callback-style scope and holds it open, with its value, until `close`. */
async function hold<T>(scope: (body: (value: T) => Promise<void>) => Promise<unknown>): Promise<Held<T>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let got!: (value: T) => void;
  const value = new Promise<T>((resolve) => (got = resolve));
  const finished = scope(async (v) => {
    got(v);
    await released;
  });
  const v = await Promise.race([value, finished.then(() => Promise.reject(new Error('a probe ended before it was used')))]);
  return { value: v, close: async () => void (release(), await finished) };
}

/**
 * Pickup samples from every probe, interleaved: round by round, each system one sample, the order
 * rotated every round, so a burst of load elsewhere on this shared machine falls on all of them.
 */
async function interleavedPickups(probes: Partial<Record<System | 'relia, traced', Held<Probe>>>): Promise<Partial<Record<System | 'relia, traced', number[]>>> {
  const names = Object.keys(probes) as Array<System | 'relia, traced'>;
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<string, number[]>;
  for (let round = 0; round < PICKUP_SAMPLES; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      samples[name].push(await probes[name]!.value.sample());
      await sleep(10);
    }
  }
  for (const name of names) await probes[name]!.value.finish?.();
  return samples;
}

/** One job at a time on an idle system: create, then wait until its handler says it started. */
async function samplePickups(n: number, started: Map<string, (t: number) => void>, create: (n: string) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const ran = new Promise<number>((resolve) => started.set(String(i), resolve));
    const created = now();
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

function pct(samples: number[], digits?: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const f = (n: number): string => (digits === undefined ? fmt(n) : n.toFixed(digits));
  return `${f(at(50))} / ${f(at(99))}`;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function mapValues<T>(runs: Partial<Record<System, Throughput>>, f: (run: Throughput) => T): Partial<Record<System, T>> {
  return Object.fromEntries(Object.entries(runs).map(([system, run]) => [system, f(run)])) as Partial<Record<System, T>>;
}

/** Relia against each rival, in the same run (> 1: Relia ahead). */
function printRatio(name: string, cpuRow: string): void {
  const f = figures[name];
  const cpu = figures[cpuRow];
  console.log(`${name} (load ${load()}):`);
  for (const system of SYSTEMS) {
    if (f[system] === undefined) continue;
    const vs = system === 'relia' || f.relia === undefined ? '' : `, relia / it = ${(Number(f.relia) / Number(f[system])).toFixed(2)}`;
    console.log(`  ${system}${system === 'relia, prefetch' ? ` ${PREFETCH}` : ''}: ${f[system]} tasks/s, CPU per task ${cpu[system]} µs${vs}`);
  }
}

/** Pickup ratios as rival / Relia (> 1: Relia ahead), p50 and p99. */
function printPickupRatio(pickup: Partial<Record<System, string>>): void {
  console.log(`pickup p50 / p99 (ms) (load ${load()}):`);
  const parse = (cell: string | undefined) => (cell ?? '').split(' (')[0].split(' / ').map(Number);
  const [r50, r99] = parse(pickup.relia);
  for (const system of SYSTEMS) {
    if (pickup[system] === undefined) continue;
    const [p50, p99] = parse(pickup[system]);
    const vs = system === 'relia' || !pickup.relia ? '' : `, it / relia = ${(p50 / r50).toFixed(2)} / ${(p99 / r99).toFixed(2)}`;
    console.log(`  ${system}: ${pickup[system]}${vs}`);
  }
}

function printTable(): void {
  const names: Record<System, string> = {
    relia: 'relia', 'relia, baseline': `relia, baseline (${BASELINE})`, 'relia, prefetch': `relia, prefetch ${PREFETCH}`, 'graphile-worker': 'graphile-worker 0.17.3', 'pg-boss': 'pg-boss 10.4.2',
    ...Object.fromEntries(BULL_MODES.map(([p, r]) => [bullSystem(p, r), `BullMQ 6.7.6 ${p === 'threads' ? 'sandboxed, worker threads' : 'inline'}, ${r === 'durable' ? 'Redis AOF always' : 'Redis no persistence'}`])),
  } as Record<System, string>;
  console.log(`\n| figure | ${SYSTEMS.map((s) => names[s]).join(' | ')} |`);
  console.log(`|---|${SYSTEMS.map(() => '---:').join('|')}|`);
  for (const [name, f] of Object.entries(figures)) {
    console.log(`| ${name} | ${SYSTEMS.map((s) => f[s] ?? '–').join(' | ')} |`);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
