/**
 * How much time does Relia add to a playbook test? Times the same small playbook N times:
 * - "by hand": the runner's two ansible-playbook commands (syntax check, then --check --diff)
 *   run directly, against a one-line local inventory;
 * - "by hand in bwrap": the same commands inside the same bubblewrap sandbox (sandbox cost alone);
 * - "runner": testPlaybook() (workspace, inventory, sandbox, callback plugin, result assembly);
 * - "runner, limits …" (issue 15): testPlaybook() with the per-run limits, by the mechanism
 *   detected here and by rlimits: cgroup, uid drop, bounded tmpfs workspace, wrappers, watch;
 * - "HTTP" (only when RELIA_URL and RELIA_TOKEN are set): POST /playbooks, then POST /test.
 * Runs are interleaved so that a noisy neighbour hurts every variant alike. Targets: Relia adds
 * less than 10 % or 300 ms, whichever is larger; the limits add at most 5 % or 100 ms to the
 * runner without them.
 *
 *   npx tsx bench/test-run.ts [N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSandbox, testPlaybook } from '../src/playbooks/runner/test-runner.worker';
import { findExecutable } from '../src/playbooks/runner/sandbox';
import { loadConfig } from '../src/config/config';
import { detectLimits, installDir } from '../src/playbooks/runner/limits/detect';
import type { RunLimits } from '../src/playbooks/runner/limits/limits.types';

const N = Number(process.argv[2] ?? 10);
const ANSIBLE = findExecutable(process.env.RELIA_ANSIBLE_PLAYBOOK ?? 'ansible-playbook');
const PLAYBOOK = `- name: Small web play
  hosts: webservers
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: hello
    - name: Write a file
      ansible.builtin.copy:
        content: hello
        dest: "{{ ansible_env.HOME }}/hello.txt"
        mode: "0644"
`;

const noop = { signal: new AbortController().signal, progress: () => undefined, trackChild: () => undefined };

function limits(mechanism: 'auto' | 'rlimit'): RunLimits {
  const config = loadConfig({ RELIA_TEST_LIMITS: mechanism });
  return detectLimits(config.test.limits, defaultSandbox(), [config.dataDir, installDir()].filter((d): d is string => !!d));
}

async function viaRunner(limits?: RunLimits): Promise<void> {
  const input = { content: PLAYBOOK, timeout_seconds: 120, ansible_playbook: ANSIBLE!, sandbox: defaultSandbox(), limits };
  const result = await testPlaybook(input, noop);
  if (!result.passed) throw new Error(`runner: the playbook did not pass\n${result.stdout}`);
}

/** The two commands a user would type, in a fresh directory like the runner's. */
function byHand(bwrap: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'relia-bench-'));
  try {
    writeFileSync(join(dir, 'playbook.yml'), PLAYBOOK);
    writeFileSync(join(dir, 'hosts'), '[webservers]\nsandbox ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    const sandbox = bwrap
      ? ['bwrap', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--bind', dir, dir,
         '--unshare-net', '--unshare-pid', '--cap-drop', 'ALL', '--die-with-parent', '--new-session', '--']
      : [];
    // Remote temp defaults to the user's home from passwd (/root), read-only in the sandbox.
    const env = { PATH: process.env.PATH!, HOME: dir, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(dir, '.tmp'), ANSIBLE_REMOTE_TEMP: join(dir, '.rtmp') };
    for (const step of [['--syntax-check'], ['--check', '--diff']]) {
      const argv = [...sandbox, ANSIBLE!, '-i', join(dir, 'hosts'), join(dir, 'playbook.yml'), ...step];
      execFileSync(argv[0], argv.slice(1), { cwd: dir, env, stdio: 'ignore' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function viaHttp(url: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const stored = await post('/playbooks', { name: 'bench.yml', content: PLAYBOOK });
  const { playbook_id } = (await stored.json()) as { playbook_id: string };
  const tested = await post('/test', { playbook_id });
  const body = (await tested.json()) as { status?: string; result?: { passed?: boolean } };
  if (tested.status !== 200 || !body.result?.passed) throw new Error(`HTTP: ${tested.status} ${JSON.stringify(body).slice(0, 300)}`);
}

async function timed(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!ANSIBLE) throw new Error('ansible-playbook not found: apt-get install ansible-core');
  const { RELIA_URL: url, RELIA_TOKEN: token } = process.env;
  const variants: Record<string, () => unknown> = {
    'by hand': () => byHand(false),
    ...(findExecutable('bwrap') && { 'by hand in bwrap': () => byHand(true) }),
    [`runner (${defaultSandbox()})`]: () => viaRunner(),
    ...(process.env.BENCH_LIMITS !== '0' && {
      [`runner (${defaultSandbox()}), limits ${limits('auto').mechanism}`]: () => viaRunner(limits('auto')),
      ...(limits('auto').mechanism !== 'rlimit' && { [`runner (${defaultSandbox()}), limits rlimit`]: () => viaRunner(limits('rlimit')) }),
    }),
    ...(url && token && { 'HTTP POST /test': () => viaHttp(url, token) }),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  await viaRunner(); // warm the page cache so the first variant is not penalised
  for (let i = 0; i < N; i++) for (const [name, fn] of Object.entries(variants)) times[name].push(await timed(fn));
  report(times);
}

function report(times: Record<string, number[]>): void {
  const base = median(times['by hand']);
  console.log(`N=${N} per variant, ${new Date().toISOString()}`);
  console.log('| variant | median ms | min ms | max ms | added vs by hand |\n|---|---:|---:|---:|---:|');
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    const added = name === 'by hand' ? '' : `${Math.round(m - base)} ms (${(((m - base) / base) * 100).toFixed(1)} %)`;
    console.log(`| ${name} | ${Math.round(m)} | ${Math.round(Math.min(...xs))} | ${Math.round(Math.max(...xs))} | ${added} |`);
  }
  console.log(`budget: ${Math.round(Math.max(0.1 * base, 300))} ms (10 % or 300 ms, whichever is larger)`);
  const runner = Object.keys(times).find((k) => k.startsWith('runner') && !k.includes('limits'));
  if (!runner) return;
  const plain = median(times[runner]);
  for (const name of Object.keys(times).filter((k) => k.includes('limits'))) {
    const m = median(times[name]);
    // Paired: each round's limited run against the plain run next to it, so that load drifting
    // over the whole benchmark cancels out.
    const paired = median(times[name].map((t, i) => t - times[runner][i]));
    console.log(`${name}: ${Math.round(m - plain)} ms (${(((m - plain) / plain) * 100).toFixed(1)} %) over "${runner}" ` +
      `(paired median ${Math.round(paired)} ms, fastest runs ${Math.round(Math.min(...times[name]) - Math.min(...times[runner]))} ms); ` +
      `budget ${Math.round(Math.max(0.05 * plain, 100))} ms (5 % or 100 ms, whichever is larger)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
