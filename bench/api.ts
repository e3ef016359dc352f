/**
 * The HTTP API at scale (issue 8): Relia next to what PostgreSQL itself does on the same server,
 * in the same run, at 16 connections with tokens for 100 users.
 *
 *   npm run build && npm run bench:api -- [--tasks 10000] [--duration 10] [--connections 16]
 *                                         [--only floor,get,list,deep,create] [--pool N] [--cpu-prof DIR] [--fresh]
 *
 * Seeds a database `relia_api_<tasks>` on DATABASE_URL's server (default: the machine's
 * PostgreSQL) once and reuses it (`--fresh` seeds again); rows made by a run are deleted at its
 * end. Pending seed rows are held (run_at = 'infinity') so the service never runs them. The
 * service is the built one (`node dist/src/main.js`), a separate process from this load
 * generator, as in production.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-token';
import { admin, until, SERVER, load } from './support';
import { CursorCodec } from '../src/common/cursor';
import { cursorScope } from '../src/tasks/tasks.service';
import { type TaskFilter, TasksRepository } from '../src/tasks/tasks.repository';
import type { DataSource } from 'typeorm';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    only: { type: 'string', default: 'floor,get,list,deep,create' },
    pool: { type: 'string' },
    'cpu-prof': { type: 'string' },
    fresh: { type: 'boolean', default: false },
  },
});
const TASKS = Number(args.tasks);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ONLY = new Set(args.only.split(','));
const USERS = 100;
/** Seeded history spans the last 20 hours: with the default 24 h retention, that is the table. */
const HISTORY_MS = 20 * 3600_000;
const PLAYBOOK = '- name: Small\n  hosts: all\n  tasks:\n    - name: Hello\n      ansible.builtin.debug:\n        msg: hi\n';
const user = (i: number): string => `u${String(i).padStart(3, '0')}`;

interface Figure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  note?: string;
  /** CPU per request (µs): of the service process, and of the PostgreSQL backends serving it. */
  serviceUs?: number;
  dbUs?: number;
}

/** The service's pid and the database name, for CPU accounting from /proc. */
let servicePid = 0;
let dbNameForCpu = '';

async function main(): Promise<void> {
  const dbName = `relia_api_${TASKS}`;
  const dbUrl = withDatabase(SERVER, dbName);
  const fresh = args.fresh || !(await exists(dbName));
  if (fresh) {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${dbName}`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-api-'));
  const port = 22000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const service = startService(dbUrl, dataDir, port);
  servicePid = service.pid!;
  dbNameForCpu = dbName;
  const db = new Client({ connectionString: dbUrl });
  const figures: Figure[] = [];
  let runStart = new Date();
  try {
    await until(() => fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false));
    await db.connect();
    if (fresh) await seed(db);
    else console.log(`reusing ${dbName} (${TASKS} seeded tasks); --fresh seeds again`);
    runStart = new Date((await db.query(`SELECT now() AS t`)).rows[0].t);
    await db.query(`VACUUM ANALYZE tasks`);

    const key = (await loadOrCreateDevKey(dataDir)).privateKey;
    const users = await Promise.all(Array.from({ length: USERS }, async (_, i) => ({
      id: user(i),
      auth: `Bearer ${await signDevToken(key, user(i))}`,
      playbook: '',
      taskIds: [] as string[],
      deepCursor: '',
    })));
    for (const u of users) {
      u.playbook = (await db.query(`SELECT id FROM playbooks WHERE user_id = $1`, [u.id])).rows[0].id;
    }
    await sampleIds(db, users);
    await deepCursors(db, users);
    console.log(`load average before measuring: ${load()}`);

    const rotate = <T>(list: T[]) => {
      let i = 0;
      return () => list[i++ % list.length];
    };
    const warm = async (path: string) => {
      await load16(base, Math.min(2, DURATION), () => ({ method: 'GET', path, headers: { authorization: users[0].auth } }));
    };

    if (ONLY.has('floor')) {
      // What HTTP itself costs here: a bare node:http server answering {} (loopback, autocannon).
      const bare = await bareHttpServer(port + 1);
      try {
        const request = () => ({ method: 'GET', path: '/', headers: {} });
        await load16(`http://127.0.0.1:${port + 1}`, 2, request);
        figures.push(await measure('bare node:http, {} (HTTP floor)', `http://127.0.0.1:${port + 1}`, request, bare.pid));
      } finally {
        bare.kill();
      }
      // The framework's own cost: a public route with no token and no query (Nest + Express + HTTP).
      const request = () => ({ method: 'GET', path: '/health/live', headers: {} });
      await load16(base, 2, request);
      figures.push(await measure('GET /health/live (Nest floor: no auth, no SQL)', base, request));
    }
    if (ONLY.has('get')) {
      const next = rotate(users.filter((u) => u.taskIds.length > 0));
      const request = () => {
        const u = next();
        return { method: 'GET', path: `/tasks/${u.taskIds[Math.floor(Math.random() * u.taskIds.length)]}`, headers: { authorization: u.auth } };
      };
      await load16(base, 2, request);
      figures.push(await measure('GET /tasks/{id}', base, request));
      figures.push(await pgbench(dbUrl, 'pgbench PK select', `\\set n random(1, ${TASKS})\nSELECT ${await taskColumns()} FROM tasks WHERE id = bench_id(:n);\n`));
    }
    if (ONLY.has('list')) {
      const next = rotate(users);
      const request = () => ({ method: 'GET', path: '/tasks?limit=50', headers: { authorization: next().auth } });
      await warm('/tasks?limit=50');
      figures.push(await measure('GET /tasks?limit=50', base, request));
    }
    if (ONLY.has('deep')) {
      const next = rotate(users.filter((u) => u.deepCursor));
      const request = () => {
        const u = next();
        return { method: 'GET', path: `/tasks?status=completed&limit=50&cursor=${u.deepCursor}`, headers: { authorization: u.auth } };
      };
      await load16(base, 2, request);
      figures.push(await measure('GET /tasks?status=completed&limit=50&cursor=(90 % deep)', base, request));
    }
    if (ONLY.has('create')) {
      // pgbench first: once Relia has created tasks, its executor runs them for a while.
      figures.push(await pgbench(dbUrl, 'pgbench 1-row INSERT', `INSERT INTO tasks (id, type, user_id, payload, details, run_at, status)
VALUES (bench_uuidv7(), 'lint', 'pgbench', '{"playbook_id": "0190d5a4-1b2c-7d3e-8f40-123456789abc", "options": {}}',
        '{"playbook_id": "0190d5a4-1b2c-7d3e-8f40-123456789abc", "playbook_name": "site.yml"}', 'infinity', 'canceled');\n`));
      const next = rotate(users);
      const request = () => {
        const u = next();
        return { method: 'POST', path: '/async/lint', headers: { authorization: u.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ playbook_id: u.playbook }) };
      };
      figures.push(await measure('POST /async/lint', base, request));
      figures.push(await drain(db, runStart));
      // Last, and alone: the replica with workers would run what the API-only one creates.
      await stop(service);
      figures.push(await apiOnlyCreation(dbUrl, dataDir, port + 2, request));
    }
    console.log(`load average after measuring: ${load()}`);
    report(figures);
    // The busiest user (most rows): the worst case for the list shapes.
    await explainAll(db, users[0]);
  } finally {
    await stop(service);
    // What this run added goes, so the next run starts from the same table.
    await db.query(`DELETE FROM tasks WHERE created_at >= $1 OR user_id = 'pgbench'`, [runStart]).catch(() => undefined);
    await db.end().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function startService(dbUrl: string, dataDir: string, port: number, env: Record<string, string> = {}) {
  const prof = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [];
  return spawn(process.execPath, [...prof, 'dist/src/main.js'], {
    env: { ...process.env, DATABASE_URL: dbUrl, RELIA_DATA_DIR: dataDir, PORT: String(port), RELIA_LOG_LEVEL: 'warn',
      RELIA_TASK_CLEANUP_CRON: 'off',
      // The per-user limit (600/min) would answer 429 to the busiest simulated users: measure the
      // API, not the limiter.
      RELIA_RATE_LIMIT_PER_MINUTE: '1000000', ...(args.pool ? { RELIA_DATABASE_POOL_SIZE: args.pool } : {}), ...env },
    stdio: 'inherit',
  });
}

/**
 * Creation on an API-only replica (RELIA_TASK_MAX_WORKERS=0): what taking a task costs when
 * running it is left to worker replicas, as a deployment that scales the two apart does. The
 * tasks it creates stay pending (no worker runs here) and go with the run's other rows; the
 * backlog limit is lifted for that. Same data directory, so the same tokens verify.
 */
async function apiOnlyCreation(dbUrl: string, dataDir: string, port: number, request: Request): Promise<Figure> {
  const apiOnly = startService(dbUrl, dataDir, port, { RELIA_TASK_MAX_WORKERS: '0', RELIA_MAX_PENDING_PER_USER: '10000000' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(() => fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false));
    await load16(base, 2, request);
    return await measure('POST /async/lint on an API-only replica (RELIA_TASK_MAX_WORKERS=0)', base, request, apiOnly.pid);
  } finally {
    await stop(apiOnly);
  }
}

async function stop(proc: ReturnType<typeof spawn>): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

/**
 * N tasks over 100 users (skewed: the busiest user has ~15x the median's tasks), 70 % lint,
 * 30 % test, created evenly over the last 20 h; 88 % completed (with a lint-sized result),
 * 7 % failed, 5 % canceled, and a small held backlog (pending, run_at = 'infinity'), because
 * history grows with the table and a drained backlog does not. Ids are UUIDv7 like Relia's and a
 * function of n (`bench_id(n)`), so pgbench can look up random rows with the same index.
 */
async function seed(db: Client): Promise<void> {
  const started = Date.now();
  const t0 = Date.now() - HISTORY_MS;
  const stepMs = HISTORY_MS / TASKS;
  await db.query(`
    CREATE FUNCTION bench_created(n bigint) RETURNS timestamptz(3) IMMUTABLE LANGUAGE sql
      AS $$ SELECT to_timestamp((${t0} + n * ${stepMs})::double precision / 1000) $$;
    CREATE FUNCTION bench_id(n bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$
      SELECT (lpad(to_hex((${t0} + n * ${stepMs})::bigint), 12, '0') || '7' || substr(md5(n::text), 1, 3) || '8'
              || substr(md5(n::text), 4, 15))::uuid $$;
    CREATE FUNCTION bench_uuidv7() RETURNS uuid VOLATILE LANGUAGE sql AS $$
      SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
              || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 4, 15))::uuid $$;`);
  await db.query(`
    INSERT INTO playbooks (id, user_id, name, content)
    SELECT gen_random_uuid(), 'u' || lpad(i::text, 3, '0'), 'site.yml', $1 FROM generate_series(0, ${USERS - 1}) i`,
  [PLAYBOOK]);
  const pending = Math.min(Math.ceil(TASKS * 0.02), 20 * USERS);
  await db.query(`
    WITH results(k, r) AS (
      SELECT k, jsonb_build_object('engine', 'builtin', 'passed', k = 0,
               'summary', jsonb_build_object('errors', k, 'warnings', 0, 'by_rule', jsonb_build_object('name[missing]', k)),
               'findings', (SELECT coalesce(jsonb_agg(jsonb_build_object('rule', 'name[missing]',
                  'message', 'All tasks should be named.', 'severity', 'error', 'line', 10 * j, 'column', 7,
                  'url', 'https://ansible.readthedocs.io/projects/lint/rules/name/')), '[]')
                  FROM generate_series(1, k) j))
        FROM generate_series(0, 7) k),
    rows AS (
      SELECT n, 'u' || lpad(floor(${USERS} * power(random(), 1.6))::text, 3, '0') AS user_id,
             CASE WHEN n % 10 < 7 THEN 'lint' ELSE 'test' END AS type,
             CASE WHEN n > ${TASKS - pending} THEN 'pending' WHEN n % 100 < 7 THEN 'failed'
                  WHEN n % 100 < 12 THEN 'canceled' ELSE 'completed' END AS status
        FROM generate_series(1, ${TASKS}) n)
    INSERT INTO tasks (id, type, status, user_id, payload, details, result, error, progress, attempt, max_attempts,
                       run_at, created_at, started_at, completed_at)
    SELECT bench_id(n), type, status, user_id,
           jsonb_build_object('playbook_id', '0190d5a4-1b2c-7d3e-8f40-123456789abc', 'options', '{}'::jsonb),
           jsonb_build_object('playbook_id', '0190d5a4-1b2c-7d3e-8f40-123456789abc', 'playbook_name', 'site.yml'),
           CASE WHEN status = 'completed' THEN (SELECT r FROM results WHERE k = n % 8) END,
           CASE WHEN status = 'failed' THEN '{"code": "timeout", "message": "The task ran longer than its 600 s limit"}'::jsonb
                WHEN status = 'canceled' THEN '{"code": "canceled", "message": "Canceled by someone"}'::jsonb END,
           CASE WHEN status = 'completed' THEN 100 ELSE 0 END, CASE WHEN status = 'pending' THEN 0 ELSE 1 END, 3,
           CASE WHEN status = 'pending' THEN 'infinity' ELSE bench_created(n) END,
           bench_created(n),
           CASE WHEN status IN ('completed', 'failed') THEN bench_created(n) + interval '40 ms' END,
           CASE WHEN status <> 'pending' THEN bench_created(n) + interval '90 ms' END
      FROM rows`);
  console.log(`seeded ${TASKS} tasks (${pending} held pending) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Up to 200 random own task ids per user, for GET /tasks/{id}. */
async function sampleIds(db: Client, users: { id: string; taskIds: string[] }[]): Promise<void> {
  const { rows } = await db.query(
    `SELECT user_id, id FROM (SELECT user_id, id, row_number() OVER (PARTITION BY user_id ORDER BY random()) r
                                FROM tasks TABLESAMPLE SYSTEM (${Math.min(100, Math.max(1, 2e6 / TASKS))})) s
      WHERE r <= 200`);
  const byUser = new Map(users.map((u) => [u.id, u]));
  for (const row of rows) byUser.get(row.user_id)?.taskIds.push(row.id);
}

/**
 * A cursor 90 % of the way down each user's completed tasks, minted as the service mints it, but
 * never so deep that fewer than 50 rows follow: every page is then full, at 10,000 tasks (where
 * most users have a hundred or so) as at 1,000,000, and the two sizes compare like for like.
 */
async function deepCursors(db: Client, users: { id: string; deepCursor: string }[]): Promise<void> {
  const secret = (await db.query(`SELECT value FROM app_secrets WHERE name = 'cursor'`)).rows[0].value as Buffer;
  const codec = new CursorCodec(secret);
  for (const u of users) {
    const { rows } = await db.query(
      `SELECT created_at, id FROM tasks WHERE user_id = $1 AND status = 'completed' ORDER BY created_at DESC, id DESC
        OFFSET (SELECT least(floor(count(*) * 0.9), greatest(count(*) - 51, 0))
                  FROM tasks WHERE user_id = $1 AND status = 'completed') LIMIT 1`, [u.id]);
    if (!rows[0]) continue;
    const filter: TaskFilter = { userId: u.id, status: 'completed', type: undefined };
    u.deepCursor = codec.encode({ createdAt: rows[0].created_at, id: rows[0].id },
      cursorScope({ userId: u.id, roles: [], isAdmin: false }, filter));
  }
}

type Request = () => { method: string; path: string; headers: Record<string, string>; body?: string };

function load16(base: string, seconds: number, next: Request): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (req: object) => ({ ...req, ...next() }) } as autocannon.Request],
  });
}

async function measure(name: string, base: string, next: Request, pid = servicePid): Promise<Figure> {
  const cpu0 = await cpuTicks(pid);
  const r = await load16(base, DURATION, next);
  const cpu1 = await cpuTicks(pid);
  const bad = r.errors + r.timeouts + r.non2xx;
  const perRequest = (ticks: number) => (ticks * 10_000) / Math.max(1, r.requests.total);
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: bad,
    note: r.non2xx ? `${r.non2xx} non-2xx` : undefined,
    serviceUs: perRequest(cpu1.service - cpu0.service), dbUs: perRequest(cpu1.db - cpu0.db) };
}

/**
 * CPU ticks (10 ms) used so far by the service process (all threads) and by every PostgreSQL
 * backend connected to the bench database. CPU per request does not depend on how busy the
 * rest of the machine is, unlike req/s, so it is the figure to compare across runs.
 */
async function cpuTicks(pid = servicePid): Promise<{ service: number; db: number }> {
  const { readFileSync } = await import('node:fs');
  const ticks = (pid: number): number => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return 0;
    }
  };
  const c = new Client({ connectionString: SERVER });
  await c.connect();
  const { rows } = await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'relia'`,
    [dbNameForCpu]);
  await c.end();
  return { service: ticks(pid), db: rows.reduce((sum, r) => sum + ticks(r.pid), 0) };
}

/**
 * The executor's share of a created task: after the creation load stops, the CPU the service
 * and its backends use to run the backlog it left, per task run. The creation figures above
 * include the executor running alongside, as on any replica.
 */
async function drain(db: Client, since: Date): Promise<Figure> {
  const left = async () => Number((await db.query(
    `SELECT count(*) AS n FROM tasks WHERE status IN ('pending', 'running') AND run_at <> 'infinity' AND created_at >= $1`,
    [since])).rows[0].n);
  const started = Date.now();
  const cpu0 = await cpuTicks();
  const before = await left();
  while ((await left()) > 0 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 200));
  const cpu1 = await cpuTicks();
  const run = before - (await left());
  const s = (Date.now() - started) / 1000;
  const perTask = (ticks: number) => (ticks * 10_000) / Math.max(1, run);
  return { name: `executor: ${run} created tasks run after the load`, rps: run / s, p50: NaN, p99: NaN, errors: 0,
    serviceUs: perTask(cpu1.service - cpu0.service), dbUs: perTask(cpu1.db - cpu0.db) };
}

function bareHttpServer(port: number) {
  const child = spawn(process.execPath, ['-e',
    `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{}'); }).listen(${port})`]);
  return until(() => fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok).catch(() => false), 50).then(() => child);
}

/**
 * pgbench at the same concurrency on the same server, for the ratio: prepared statements (no
 * planning per call), 2 client threads — the best PostgreSQL itself does here.
 */
async function pgbench(dbUrl: string, name: string, script: string): Promise<Figure> {
  const file = join(tmpdir(), `relia-api-${process.pid}.sql`);
  writeFileSync(file, script);
  const { stdout } = await promisify(execFile)('pgbench', ['-n', '-M', 'prepared', '-c', String(CONNECTIONS), '-j', '2', '-T',
    String(DURATION), '-f', file, '--log', '--log-prefix', join(tmpdir(), `pgbench-${process.pid}`), dbUrl],
  { cwd: tmpdir() });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
  const latencies = await pgbenchLatencies();
  return { name, rps: tps, p50: latencies.p50, p99: latencies.p99, errors: failed };
}

/** Per-transaction latencies from pgbench's --log files (3rd field, µs). */
async function pgbenchLatencies(): Promise<{ p50: number; p99: number }> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const prefix = `pgbench-${process.pid}`;
  const samples: number[] = [];
  for (const f of readdirSync(tmpdir()).filter((n) => n.startsWith(prefix))) {
    for (const line of readFileSync(join(tmpdir(), f), 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (Number.isFinite(us) && line) samples.push(us / 1000);
    }
    rmSync(join(tmpdir(), f));
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99) };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '');

function report(figures: Figure[]): void {
  const by = (n: string) => figures.find((f) => f.name.startsWith(n));
  const ratio: Record<string, Figure | undefined> = {
    'GET /tasks/{id}': by('pgbench PK select'),
    'POST /async/lint': by('pgbench 1-row INSERT'),
    'POST /async/lint on an API-only replica (RELIA_TASK_MAX_WORKERS=0)': by('pgbench 1-row INSERT'),
  };
  console.log(`\n${TASKS} tasks, ${CONNECTIONS} connections, ${DURATION} s each, load average ${load()}`);
  console.log('| measurement | req/s | p50 ms | p99 ms | errors | vs pgbench | service CPU µs/req | PG CPU µs/req |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of figures) {
    const base = ratio[f.name];
    const vs = base ? `${((100 * f.rps) / base.rps).toFixed(0)} %` : '';
    console.log(`| ${f.name} | ${f.rps.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.errors}${f.note ? ` (${f.note})` : ''} | ${vs} | ${f.serviceUs?.toFixed(0) ?? ''} | ${f.dbUs?.toFixed(0) ?? ''} |`);
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the exact statements the repository sends: a stand-in DataSource
 * records each one instead of running it, so the plans shown are of the shipped SQL.
 */
async function explainAll(db: Client, u: { id: string; taskIds: string[]; playbook: string }): Promise<void> {
  const sent: { sql: string; params: unknown[] }[] = [];
  const repo = new TasksRepository(recorder((sql, params) => sent.push({ sql, params })));
  const deep = (await db.query(
    `SELECT created_at, id FROM tasks WHERE user_id = $1 AND status = 'completed' ORDER BY created_at DESC, id DESC
      OFFSET (SELECT floor(count(*) * 0.9) FROM tasks WHERE user_id = $1 AND status = 'completed') LIMIT 1`, [u.id])).rows[0];
  const shapes: [string, () => Promise<unknown>][] = [
    ['GET /tasks/{id}', () => repo.findVisible(u.taskIds[0], u.id, 'summary')],
    ['GET /tasks?limit=50', () => repo.list({ userId: u.id }, undefined, 51)],
    ['GET /tasks?status=completed&cursor=deep', () => repo.list({ userId: u.id, status: 'completed' },
      { createdAt: deep.created_at, id: deep.id }, 51)],
    ['POST /async/lint (insert + backlog check)', () => repo.insert({ id: '0190d5a4-1b2c-7d3e-8f40-000000000001', type: 'lint',
      userId: u.id, payload: {}, details: {}, priority: 0, maxAttempts: 3, idempotencyKey: null, requestHash: null,
      held: true }, 1000)],
  ];
  // The service's statements are prepared: after five runs PostgreSQL may keep one generic plan
  // for them, so that is the plan shown (forced), not the custom plan of a one-off query.
  await db.query(`SET plan_cache_mode = force_generic_plan`);
  for (const [name, run] of shapes) {
    sent.length = 0;
    await run();
    const { sql, params } = sent[0];
    await db.query('BEGIN');
    await db.query(`PREPARE bench_shape AS ${sql}`);
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE bench_shape(${params.map(literal).join(', ')})`);
    await db.query('ROLLBACK');
    await db.query('DEALLOCATE bench_shape');
    console.log(`\n-- ${name} (generic plan)\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  await db.query(`RESET plan_cache_mode`);
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `'${text.replace(/'/g, "''")}'`;
}

/** A DataSource that records the statements it is given (plain or prepared) and answers no rows. */
function recorder(record: (sql: string, params: unknown[]) => void): DataSource {
  const query = async (sql: string, params: unknown[]) => (record(sql, params), []);
  const master = { query: async (q: { text: string; values: unknown[] }) => (record(q.text, q.values), { rows: [] }) };
  return { query, driver: { master } } as unknown as DataSource;
}

async function taskColumns(): Promise<string> {
  // The same columns GET /tasks/{id} reads, so both sides fetch the same bytes.
  const sent: string[] = [];
  const repo = new TasksRepository(recorder((sql) => sent.push(sql)));
  await repo.findVisible('00000000-0000-0000-0000-000000000000', 'x', 'summary');
  return /SELECT ([\s\S]*?) FROM/.exec(sent[0])![1].replace(/\s+/g, ' ');
}


function withDatabase(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function exists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (!rows[0]) return false;
  } finally {
    await client.end();
  }
  const db = new Client({ connectionString: withDatabase(SERVER, name) });
  await db.connect();
  try {
    return (await db.query(`SELECT to_regproc('bench_id') IS NOT NULL AS ok`)).rows[0].ok;
  } finally {
    await db.end();
  }
}



main().catch((e) => {
  console.error(e);
  process.exit(1);
});
