import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevKeyAndSign } from '../support/tokens';

/**
 * `npm start` with no DATABASE_URL, for real: the service starts its own PostgreSQL under the data
 * directory, migrates it and serves; a second service on the same directory refuses to start.
 */
describe('the service on its embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-embedded-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  let first: ChildProcess;

  const start = (p: number): ChildProcess => {
    const env: NodeJS.ProcessEnv = { ...process.env, RELIA_DATA_DIR: dataDir, PORT: String(p), RELIA_LOG_LEVEL: 'warn' };
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

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    first.kill('SIGTERM');
    expect(await new Promise((resolve) => first.once('exit', resolve))).toBe(0);
  }, 60_000);
});

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms`);
}
