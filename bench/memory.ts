/**
 * Resident memory of one replica (issue 8): idle with 4 workers (target ≤ 250 MB), then after
 * each of five batches of lint tasks of the corpus playbooks run through it. A leak check: exits
 * 1 when the last batch ends more than 10 % above the second (the first batch warms up: JIT,
 * worker threads, pools, caches).
 *
 *   npm run build && npm run bench:memory -- [--batch 20000] [--batches 5] [--concurrency 16]
 *
 * Starts the built service on a fresh database of DATABASE_URL's server. Corpus: env
 * RELIA_CORPUS_DIR, else <repo>/../shared/corpus. RSS is VmRSS of the service process (its
 * worker threads included), read from /proc after the batch has finished: the lowest of 10 s of
 * quiet samples, since a reading taken just before a collection is a garbage peak, not a leak.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-token';
import { admin, until, SERVER, load } from './support';
import { corpusDir } from './lint-agreement';

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '20000' },
    batches: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
});
const BATCH = Number(args.batch);
const BATCHES = Number(args.batches);
const CONCURRENCY = Number(args.concurrency);
const CORPUS = corpusDir();
const MAX_GROWTH = 0.1;

async function main(): Promise<void> {
  const dbName = `relia_mem_${Date.now()}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(SERVER);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-mem-'));
  const port = 23000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const service = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, DATABASE_URL: url.toString(), RELIA_DATA_DIR: dataDir, PORT: String(port),
      RELIA_LOG_LEVEL: 'warn', RELIA_TASK_MAX_WORKERS: '4', RELIA_TASK_CLEANUP_CRON: 'off',
      // One user submits every batch: the per-user backlog and rate limits are not what is measured here.
      RELIA_MAX_PENDING_PER_USER: String(BATCH * 2), RELIA_RATE_LIMIT_PER_MINUTE: '1000000' },
    stdio: 'inherit',
  });
  const db = new Client({ connectionString: url.toString() });
  let failed = false;
  try {
    await until(() => fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false));
    await db.connect();
    const token = await signDevToken((await loadOrCreateDevKey(dataDir)).privateKey, 'memory');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await sleep(3000);
    const idle = rss(service.pid!);
    console.log(`idle, 4 workers: RSS ${mb(idle)} (target ≤ 250 MB) — load average ${load()}`);

    const dir = join(CORPUS, 'playbooks');
    const playbookIds: string[] = [];
    for (const name of readdirSync(dir).sort()) {
      const res = await fetch(`${base}/playbooks`, { method: 'POST', headers,
        body: JSON.stringify({ name, content: readFileSync(join(dir, name), 'utf8') }) });
      if (res.ok) playbookIds.push(((await res.json()) as { playbook_id: string }).playbook_id);
    }
    console.log(`${playbookIds.length} corpus playbooks stored; batches of ${BATCH} lint tasks, ${CONCURRENCY} at a time`);

    const after: number[] = [];
    for (let b = 1; b <= BATCHES; b++) {
      const started = Date.now();
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rss(service.pid!))), 500);
      let next = 0;
      let errors = 0;
      let firstError = '';
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < BATCH) {
          const i = next++;
          const res = await fetch(`${base}/async/lint`, { method: 'POST', headers,
            body: JSON.stringify({ playbook_id: playbookIds[i % playbookIds.length] }) });
          const body = await res.text();
          if (res.status !== 202) errors++;
          if (res.status !== 202 && !firstError) firstError = `${res.status} ${body.slice(0, 200)}`;
        }
      }));
      await until(async () => Number((await db.query(
        `SELECT count(*) AS n FROM tasks WHERE status IN ('pending', 'running')`)).rows[0].n) === 0, 250, 3_600_000);
      clearInterval(sampler);
      const outcome = (await db.query(`SELECT status, count(*)::int AS n FROM tasks GROUP BY status ORDER BY status`)).rows
        .map((r) => `${r.status} ${r.n}`).join(', ');
      after.push(await settledRss(service.pid!));
      console.log(`batch ${b}: ${BATCH} tasks in ${((Date.now() - started) / 1000).toFixed(0)} s, ${errors} submit errors; ` +
        `RSS peak ${mb(peak)}, after ${mb(after[b - 1])}; all tasks so far: ${outcome}; load average ${load()}`);
      // A batch that was refused measures nothing: say so and fail, rather than report a flat line.
      if (errors > 0) throw new Error(`${errors} submissions failed in batch ${b}, the first: ${firstError}`);
    }
    if (after.length >= 2) {
      const growth = after[after.length - 1] / after[1] - 1;
      failed = growth > MAX_GROWTH;
      console.log(`last batch vs second: ${(growth * 100).toFixed(1)} % (limit ${MAX_GROWTH * 100} %): ${failed ? 'FAIL' : 'ok'}`);
    }
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await db.end().catch(() => undefined);
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

/** VmRSS in bytes: the process with all its threads (the worker pool lives in it). */
/** The lowest RSS over 10 s of quiet (sampled every 250 ms). */
async function settledRss(pid: number): Promise<number> {
  let lowest = Infinity;
  for (let i = 0; i < 40; i++) {
    lowest = Math.min(lowest, rss(pid));
    await sleep(250);
  }
  return lowest;
}

function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));



main().catch((e) => {
  console.error(e);
  process.exit(1);
});
