import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { queryEmbedded } from '../support/embedded-query';
import { insertTasks, until } from '../support/replicas';
import { loadDevKeyAndSign } from '../support/tokens';

/**
 * `npm start` with no DATABASE_URL, for real: the service starts its own PostgreSQL under the data
 * directory, migrates it and serves; a second service on the same directory refuses to start; a
 * SIGTERM drains before the database stops.
 */
describe('the service on its embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-embedded-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  let first: ChildProcess;

  const start = (p: number): ChildProcess => {
    const env: NodeJS.ProcessEnv = { ...process.env, RELIA_DATA_DIR: dataDir, PORT: String(p), RELIA_LOG_LEVEL: 'warn',
      RELIA_DIAGNOSTIC_HANDLERS: 'true', RELIA_SHUTDOWN_GRACE_SECONDS: '1' };
    delete env.DATABASE_URL;
    // The built service, as `npm start` runs it (`npm test` builds first).
    return spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  };

  beforeAll(() => {
    if (!existsSync('dist/src/main.js')) throw new Error('dist/src/main.js is missing: run `npm run build` (npm test does)');
  });

  afterAll(async () => {
    if (first && first.exitCode === null && first.signalCode === null) {
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API on PostgreSQL it started itself', async () => {
    first = start(port);
    await waitUntilReady(`http://127.0.0.1:${port}/health/ready`, 60_000);
    const token = await loadDevKeyAndSign(dataDir, 'alice');
    const res = await fetch(`http://127.0.0.1:${port}/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [], next_cursor: null });
  }, 90_000);

  it('refuses a second service on the same data directory with a clear message, exit code 1', async () => {
    const second = start(port + 1);
    let output = '';
    second.stdout!.on('data', (d) => (output += d));
    second.stderr!.on('data', (d) => (output += d));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot start: Another Relia process \(pid \d+\) is using the data directory/);
    expect(output).not.toMatch(/\bat .+:\d+:\d+\)?\n/);
  }, 60_000);

  it('drains on SIGTERM: its running task goes back to pending, then the database stops, exit code 0', async () => {
    const db = new Client({ connectionString: embeddedUrl(dataDir) });
    await db.connect();
    let id: string;
    try {
      [id] = await insertTasks(db, [{ type: 'diag.sleep', payload: { ms: 60_000, steps: 60 } }]);
      await until('running', async () => (await taskRow(db, id)).status === 'running', 20_000);
    } finally {
      await db.end();
    }
    first.kill('SIGTERM');
    expect(await new Promise((resolve) => first.once('exit', resolve))).toBe(0);
    // Handed back by the drain, not left `running` for lease recovery (which marks it worker_lost).
    // The service stopped its database: the row is read with a server of our own on the same data.
    const [row] = queryEmbedded(dataDir, TASK_ROW, [id]);
    expect(row).toEqual({ status: 'pending', lease_owner: null, error: null });
  }, 90_000);
});

/** The URL of the embedded server a service started under `dataDir` (its port from postmaster.pid). */
function embeddedUrl(dir: string): string {
  const port = readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3].trim();
  return `postgres://postgres:relia@127.0.0.1:${port}/postgres`;
}

const TASK_ROW = `SELECT status, lease_owner, error FROM tasks WHERE id = $1`;

async function taskRow(db: Client, id: string): Promise<{ status: string; lease_owner: string | null; error: unknown }> {
  return (await db.query(TASK_ROW, [id])).rows[0];
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms`);
}
