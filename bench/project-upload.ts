/**
 * A 50 MiB project upload (issue 14): how long it takes, the replica's peak RSS while it streams
 * in (target: idle + 100 MiB at most: it must stream, not buffer), and the p99 of GET /tasks/{id}
 * while four such uploads run at once (target: within 2x of idle).
 *
 *   npm run build && npx tsx bench/project-upload.ts [--mib 50] [--uploads 4] [--samples 400]
 *
 * Starts the built service on a fresh database of DATABASE_URL's server. The archive is built
 * once in a temp dir with `tar czf`: 2,000 small YAML files plus random (incompressible) binaries
 * up to the size asked, so that the compressed upload is the size asked.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-token';
import { admin, load, SERVER, until } from './support';

const { values: args } = parseArgs({
  options: { mib: { type: 'string', default: '50' }, uploads: { type: 'string', default: '4' }, samples: { type: 'string', default: '400' } },
});
const MIB = 1024 * 1024;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'relia-upload-bench-'));
  const archive = buildArchive(work, Number(args.mib));
  const dbName = `relia_upload_${Date.now()}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(SERVER);
  url.pathname = `/${dbName}`;
  const port = 24000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  // RELIA_REPLICA_NODE_ARGS: extra node flags for the service, e.g. "--cpu-prof" to see where an upload's time goes.
  const nodeArgs = process.env.RELIA_REPLICA_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const service = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
    env: { ...process.env, DATABASE_URL: url.toString(), RELIA_DATA_DIR: join(work, 'data'), PORT: String(port), RELIA_LOG_LEVEL: 'warn',
      RELIA_TASK_CLEANUP_CRON: 'off', RELIA_RATE_LIMIT_PER_MINUTE: '1000000', RELIA_PROJECT_MAX_BYTES: String(200 * MIB) },
    stdio: 'inherit',
  });
  try {
    await until(() => fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false));
    const token = await signDevToken((await loadOrCreateDevKey(join(work, 'data'))).privateKey, 'bench');
    const auth = { authorization: `Bearer ${token}` };
    const taskId = await oneTask(base, auth);
    await sleep(2000);
    const idle = rss(service.pid!);
    console.log(`archive ${(statSync(archive).size / MIB).toFixed(1)} MiB compressed; idle RSS ${mb(idle)}; load average ${load()}`);

    const sampler = peakSampler(service.pid!);
    const started = Date.now();
    const first = await upload(base, auth, archive, 'single');
    const seconds = (Date.now() - started) / 1000;
    const peak = sampler.stop();
    console.log(`one upload: ${first.status} in ${seconds.toFixed(2)} s (${(statSync(archive).size / MIB / seconds).toFixed(1)} MiB/s); ` +
      `peak RSS ${mb(peak)} = idle + ${mb(peak - idle)} (target ≤ idle + 100 MiB): ${peak - idle <= 100 * MIB ? 'met' : 'NOT met'}`);

    const quiet = await latencies(base, auth, taskId, Number(args.samples));
    let uploading = true;
    const uploads = Promise.all(Array.from({ length: Number(args.uploads) }, (_, i) => upload(base, auth, archive, `busy${i}`)))
      .finally(() => (uploading = false));
    const busy = await latencies(base, auth, taskId, Number(args.samples), () => uploading);
    const statuses = (await uploads).map((r) => r.status);
    const [p99Idle, p99Busy] = [p99(quiet), p99(busy)];
    console.log(`GET /tasks/{id} p99: idle ${p99Idle.toFixed(2)} ms, during ${args.uploads} uploads ${p99Busy.toFixed(2)} ms ` +
      `(${busy.length} samples, uploads answered ${statuses.join(',')}) = ${(p99Busy / p99Idle).toFixed(2)}x (target ≤ 2x); load average ${load()}`);
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(work, { recursive: true, force: true });
  }
}

function buildArchive(work: string, mib: number): string {
  const root = join(work, 'bigproject');
  for (let i = 0; i < 2000; i++) {
    mkdirSync(join(root, 'roles', `r${i % 50}`, 'tasks'), { recursive: true });
    writeFileSync(join(root, 'roles', `r${i % 50}`, 'tasks', `t${i}.yml`), `- name: step ${i}\n  ansible.builtin.debug:\n    msg: "${i}"\n`);
  }
  mkdirSync(join(root, 'files'), { recursive: true });
  for (let i = 0; i < mib; i++) writeFileSync(join(root, 'files', `blob${i}.bin`), randomBytes(MIB));
  writeFileSync(join(root, 'site.yml'), '- hosts: all\n  roles: [r1]\n');
  execFileSync('tar', ['czf', 'project.tgz', 'bigproject'], { cwd: work });
  return join(work, 'project.tgz');
}

/**
 * One upload by curl, a process of its own: the uploads' CPU must not delay this process's
 * latency probes, which would charge the client's work to the service.
 */
function upload(base: string, auth: Record<string, string>, file: string, name: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const args = ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: ${auth.authorization}`,
      '-H', 'Content-Type: application/gzip', '--data-binary', `@${file}`, `${base}/projects?name=${name}`];
    execFile('curl', args, (error, stdout) => {
      if (error || stdout !== '201') reject(new Error(`upload ${name}: ${stdout} ${error?.message ?? ''}`));
      else resolve({ status: Number(stdout) });
    });
  });
}

async function oneTask(base: string, auth: Record<string, string>): Promise<string> {
  const res = await fetch(`${base}/playbooks`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'p.yml', content: '- hosts: all\n  tasks: []\n' }) });
  const { playbook_id } = (await res.json()) as { playbook_id: string };
  const lint = await fetch(`${base}/lint`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ playbook_id }) });
  return ((await lint.json()) as { task_id: string }).task_id;
}

async function latencies(base: string, auth: Record<string, string>, id: string, n: number, going = () => true): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n && going()) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${base}/tasks/${id}`, { headers: auth });
    await res.text();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await sleep(5);
  }
  return out;
}

function peakSampler(pid: number): { stop(): number } {
  let peak = rss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 20);
  return { stop: () => (clearInterval(timer), Math.max(peak, rss(pid))) };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
}

function rss(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
}

const mb = (bytes: number): string => `${(bytes / MIB).toFixed(0)} MiB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
