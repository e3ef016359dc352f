import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';
import { loadDevKeyAndSign } from '../support/tokens';

/** The built service's stdout: JSON lines with request ids and users, and never a token. */
describe('JSON logs of the built service', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-logs-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  let db: TestDatabase;
  let proc: ChildProcess;
  let output = '';
  const base = `http://127.0.0.1:${port}`;
  const lines = (): Record<string, any>[] => output.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

  beforeAll(async () => {
    if (!existsSync('dist/src/main.js')) throw new Error('dist/src/main.js is missing: run `npm run build` (npm test does)');
    db = await createTestDatabase();
    proc = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, DATABASE_URL: db.url, RELIA_DATA_DIR: dataDir, PORT: String(port), RELIA_LOG_LEVEL: 'log',
        RELIA_TASK_CLEANUP_CRON: 'off', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`${base}/health/ready`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`service did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 40_000);

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes every line as JSON, boot lines included', () => {
    expect(lines().some((l) => /Listening on/.test(l.msg))).toBe(true);
  });

  it('honours X-Request-Id, echoes it, and logs the request with it, the user and the task', async () => {
    const token = await loadDevKeyAndSign(dataDir, 'alice');
    const id = '00000000-0000-7000-8000-000000000000';
    const res = await fetch(`${base}/tasks/${id}`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-abc.123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-abc.123');
    await new Promise((r) => setTimeout(r, 300));
    const line = lines().find((l) => l.req?.id === 'req-abc.123');
    expect(line).toMatchObject({ user_id: 'alice', task_id: id, res: { status_code: 404 }, req: { method: 'GET' }, responseTime: expect.any(Number) });
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2]);
    expect(output.toLowerCase()).not.toContain('bearer');
  });

  it('makes up a request id when none (or a forged one) is given', async () => {
    const res = await fetch(`${base}/tasks`, { headers: { 'x-request-id': 'bad id {"level":60}' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 300));
    expect(lines().find((l) => l.req?.id === res.headers.get('x-request-id'))).toMatchObject({ res: { status_code: 401 } });
  });

  it('leaves probes and scrapes out of the request log', async () => {
    await fetch(`${base}/metrics`);
    await new Promise((r) => setTimeout(r, 300));
    expect(lines().some((l) => /\/health\/|\/metrics/.test(l.req?.url ?? ''))).toBe(false);
  });
});
