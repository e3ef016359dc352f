/**
 * Cleanup at scale (issue 7): seeds N expired finished tasks (default 1,000,000) into a fresh
 * database, starts the built service with the cleanup cron due a few seconds later, and measures
 * GET /tasks/{id} latency idle vs during cleanup, then table size and dead rows after.
 * Usage: npm run build && npm run bench:cleanup -- [N]     (e.g. 100000 for a quick run)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-token';

const N = Number(process.argv[2] ?? 1_000_000);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const READERS = 4;
const LIVE_TASKS = 1000;
const IDLE_MS = 15_000;
/** The cleanup job's advisory lock (task-cleanup.job.ts): held here, it keeps cleanup waiting. */
const CLEANUP_LOCK = 0x72656c6963;

async function main(): Promise<void> {
  const dbName = `relia_bench_cleanup_${Date.now()}`;
  await sql(SERVER, `CREATE DATABASE ${dbName}`);
  const url = new URL(SERVER);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-bench-'));
  try {
    const migrate = spawnSync(process.execPath, ['dist/src/database/migrate.main.js'], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: 'inherit' });
    if (migrate.status !== 0) throw new Error('migrations failed');
    const ids = await seed(url.toString());
    await run(url.toString(), dataDir, ids);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await sql(SERVER, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/** N expired finished tasks (completed, failed, canceled) plus the live ones the readers fetch. */
async function seed(db: string): Promise<string[]> {
  const started = Date.now();
  await sql(db, `INSERT INTO tasks (id, type, status, user_id, payload, progress, details, result, attempt, created_at, started_at, completed_at)
    SELECT gen_random_uuid(), 'lint', (ARRAY['completed','completed','completed','failed','canceled'])[1 + i % 5],
           'user' || (i % 1000), '{"playbook_id":"00000000-0000-4000-8000-000000000000"}', 100, '{"step":"done"}',
           '{"engine":"builtin","passed":true,"summary":{"errors":0,"warnings":2},"findings":[]}', 1,
           now() - interval '3 days' + i * interval '1 ms', now() - interval '3 days' + i * interval '1 ms',
           now() - interval '3 days' + i * interval '1 ms' + interval '20 ms'
      FROM generate_series(1, ${N}) AS i`);
  const rows = await sql(db, `INSERT INTO tasks (id, type, status, user_id, progress, attempt, started_at, completed_at)
    SELECT gen_random_uuid(), 'lint', 'completed', 'reader', 100, 1, now(), now() FROM generate_series(1, ${LIVE_TASKS}) RETURNING id`);
  await sql(db, 'VACUUM (ANALYZE) tasks');
  console.log(`seeded ${N} expired tasks in ${((Date.now() - started) / 1000).toFixed(1)} s; ${await size(db)}`);
  return rows.map((r: { id: string }) => r.id);
}

async function run(db: string, dataDir: string, ids: string[]): Promise<void> {
  const port = 22000 + Math.floor(Math.random() * 1000);
  // Cleanup is due every 5 s, but this connection holds its lock through the idle phase, so each
  // tick skips; releasing the lock starts the cleanup within 5 s.
  const gate = new Client({ connectionString: db });
  await gate.connect();
  await gate.query('SELECT pg_advisory_lock($1)', [CLEANUP_LOCK]);
  const service = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, DATABASE_URL: db, RELIA_DATA_DIR: dataDir, PORT: String(port), RELIA_LOG_LEVEL: 'log',
      RELIA_TASK_CLEANUP_CRON: '*/5 * * * * *' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let cleanupEnded = 0;
  service.stdout!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (/Removed \d+ finished tasks/.test(line)) (cleanupEnded = Date.now(), console.log(line));
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    while (!(await fetch(`${base}/health/ready`).then((r) => r.ok, () => false))) await sleep(200);
    const headers = { authorization: `Bearer ${await signDevToken((await loadOrCreateDevKey(dataDir)).privateKey, 'reader')}` };
    const samples: Array<[number, number]> = [];
    let stop = false;
    const reader = async (): Promise<void> => {
      while (!stop) {
        const t0 = performance.now();
        const res = await fetch(`${base}/tasks/${ids[Math.floor(Math.random() * ids.length)]}`, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET answered ${res.status}`);
        samples.push([Date.now(), performance.now() - t0]);
      }
    };
    const readers = Array.from({ length: READERS }, reader);
    await sleep(5000); // warm-up: JIT, connection pool
    const idleFrom = Date.now();
    await sleep(IDLE_MS);
    const released = Date.now();
    await gate.query('SELECT pg_advisory_unlock($1)', [CLEANUP_LOCK]);
    const deadline = released + 30 * 60_000;
    while (!cleanupEnded && Date.now() < deadline) await sleep(200);
    stop = true;
    await Promise.all(readers);
    const idle = samples.filter(([at]) => at >= idleFrom && at < released).map(([, ms]) => ms);
    const during = samples.filter(([at]) => at >= released && at <= cleanupEnded).map(([, ms]) => ms);
    console.log(`cleanup of ${N} tasks ended ${((cleanupEnded - released) / 1000).toFixed(1)} s after the lock was released (≤ 5 s of that is waiting for the tick)`);
    console.log(`GET /tasks/{id}, ${READERS} clients: idle    ${stats(idle)}`);
    console.log(`GET /tasks/{id}, ${READERS} clients: cleanup ${stats(during)}`);
    console.log(`p99 ratio cleanup/idle: ${(pct(during, 99) / pct(idle, 99)).toFixed(2)}`);
    console.log(`after: ${await size(db)}`);
  } finally {
    await gate.end();
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
  }
}

async function size(db: string): Promise<string> {
  const [r] = await sql(db, `SELECT pg_size_pretty(pg_relation_size('tasks')) AS heap, pg_size_pretty(pg_total_relation_size('tasks')) AS total,
    n_live_tup AS live, n_dead_tup AS dead, last_vacuum, last_autovacuum FROM pg_stat_user_tables WHERE relname = 'tasks'`);
  return `tasks heap ${r.heap}, with indexes ${r.total}, live rows ${r.live}, dead rows ${r.dead}, last vacuum ${r.last_vacuum?.toISOString?.() ?? 'never'}`;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const stats = (xs: number[]): string =>
  `n=${xs.length} p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, max ${pct(xs, 100).toFixed(1)} ms`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function sql(url: string, text: string): Promise<any[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
