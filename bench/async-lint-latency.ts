/**
 * POST /async/lint → completed, on an idle service: how long a user waits for a small lint.
 * Starts the built service (npm run build first) on a fresh database of DATABASE_URL's server
 * (default: the machine's PostgreSQL), then times N submissions one after another, polling
 * GET /tasks/{id} every millisecond.   Usage: npx tsx bench/async-lint-latency.ts [N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-token';
import { admin, until, SERVER } from './support';

const N = Number(process.argv[2] ?? 100);
const PLAYBOOK = '- name: Small\n  hosts: all\n  tasks:\n    - name: Hello\n      ansible.builtin.debug:\n        msg: hi\n';

async function main(): Promise<void> {
  const dbName = `relia_bench_${Date.now()}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'relia-bench-'));
  const port = 21000 + Math.floor(Math.random() * 1000);
  const url = new URL(SERVER);
  url.pathname = `/${dbName}`;
  const service = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...process.env, DATABASE_URL: url.toString(), RELIA_DATA_DIR: dataDir, PORT: String(port), RELIA_LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(() => fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false));
    const token = await signDevToken((await loadOrCreateDevKey(dataDir)).privateKey, 'bench');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const pb = (await (await fetch(`${base}/playbooks`, { method: 'POST', headers, body: JSON.stringify({ name: 'small.yml', content: PLAYBOOK }) })).json()) as { playbook_id: string };
    const samples: number[] = [];
    for (let i = 0; i < N + 5; i++) {
      const started = performance.now();
      const { task_id } = (await (await fetch(`${base}/async/lint`, { method: 'POST', headers, body: JSON.stringify({ playbook_id: pb.playbook_id }) })).json()) as { task_id: string };
      await until(async () => ((await (await fetch(`${base}/tasks/${task_id}`, { headers })).json()) as { status: string }).status === 'completed', 1);
      if (i >= 5) samples.push(performance.now() - started); // the first few warm up the worker threads
    }
    samples.sort((a, b) => a - b);
    const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(1);
    console.log(`POST /async/lint -> completed, small playbook, idle service, ${N} runs: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}



main().catch((e) => {
  console.error(e);
  process.exit(1);
});
