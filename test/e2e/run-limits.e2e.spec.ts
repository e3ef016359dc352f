import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DEV_KEY_FILE } from '../../src/auth/dev-token';
import { activeLimits } from '../../src/playbooks/runner/limits/detect';
import { describeWithAnsible } from '../support/ansible';
import { startTestApp, TestApp } from '../support/app';
import { storePlaybook } from '../support/playbooks';
import { loadDevKeyAndSign } from '../support/tokens';
import { waitForTask } from '../support/wait';

const PYTHON = '/usr/bin/python3';
const mark = `${process.pid}${Date.now() % 100000}`;

const play = (name: string, task: string) =>
  `- name: Hostile\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: ${name}\n      ${task}\n      check_mode: false\n`;

const HOSTILE: Array<[string, string, string, number]> = [
  ['processes', 'Fork bomb', `ansible.builtin.shell: "f() { f | f & }; f; sleep 9.${mark}; wait"`, 30],
  ['memory', 'Memory hog', `ansible.builtin.command: ${PYTHON} -c "b = bytearray(900 * 1024 * 1024); import time; time.sleep(9.${mark})"`, 30],
  ['disk', 'Disk filler', 'ansible.builtin.command: dd if=/dev/zero of=big bs=1M count=1000', 30],
  ['time', 'CPU spinner', `ansible.builtin.shell: "for i in 1 2 3; do (while :; do :; done) & done; sleep 30.${mark}"`, 8],
];

const PASSING = '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: Fine\n      ansible.builtin.command: sleep 0.5\n      check_mode: false\n';

/** Processes of this spec's runs still alive (their commands carry the marker). */
function leftovers(): string[] {
  const ps = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(mark) && !l.trim().startsWith('Z') && !l.includes('ps -eo'));
}

/** A replica whose data dir is outside /tmp, as the default ./.relia is: its dev-token key must stay out of reach. */
describeWithAnsible('test runs hitting their limits through HTTP: the replica and its other tasks carry on', () => {
  let t: TestApp;
  let alice: string;
  const dataDir = mkdtempSync('/var/tmp/relia-probe-');

  beforeAll(async () => {
    t = await startTestApp({
      RELIA_DATA_DIR: dataDir,
      RELIA_TASK_MAX_WORKERS: '3',
      RELIA_TEST_MAX_MEMORY_MB: '256',
      RELIA_TEST_MAX_PROCESSES: '64',
      RELIA_TEST_MAX_DISK_MB: '64',
      RELIA_TEST_CPU_SHARE: '0.5',
      RELIA_RATE_LIMIT_PER_MINUTE: '100000', // waitForTask polls every 25 ms, for minutes on a loaded machine
    });
    alice = await loadDevKeyAndSign(dataDir, 'alice'); // t.token() would read startTestApp's own data dir
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const as = (r: request.Test) => r.auth(alice, { type: 'bearer' });

  it('shows the mechanism in force in /health/ready', async () => {
    const res = await request(t.url).get('/health/ready').expect(200);
    const detected = activeLimits()!;
    expect(res.body.info.test_runner).toMatchObject({
      status: 'up', sandbox: 'bwrap',
      limits: { mechanism: detected.limits.mechanism, memory_mb: 256, processes: 64, disk_mb: 64, cpu_share: 0.5, uid: 65534, host_uid: process.getuid!() === 0 ? 65534 : process.getuid!() },
    });
    expect(['cgroup-v2', 'cgroup-v1', 'rlimit']).toContain(res.body.info.test_runner.limits.mechanism);
  });

  it.each(HOSTILE)('limit %s (%s): a completed task with passed false, while the API answers and another test passes', async (limit, name, task, timeout) => {
    const hostile = await storePlaybook(t, alice, play(name, task));
    const fine = await storePlaybook(t, alice, PASSING);
    const accepted = await as(request(t.url).post('/async/test')).send({ playbook_id: hostile, timeout_seconds: timeout }).expect(202);
    await waitForTask(t, alice, accepted.body.task_id, (x) => x.status === 'running', 20_000);

    // Meanwhile: the API answers promptly and another user's test runs to the end.
    const probe = Date.now();
    await request(t.url).get('/health/live').expect(200);
    await as(request(t.url).get('/tasks?limit=1')).expect(200);
    expect(Date.now() - probe).toBeLessThan(2000);
    const other = await as(request(t.url).post('/async/test')).send({ playbook_id: fine }).expect(202);
    const otherDone = await waitForTask(t, alice, other.body.task_id, undefined, 40_000);
    expect(otherDone.status).toBe('completed');
    expect((await as(request(t.url).get(`/tasks/${other.body.task_id}/result`)).expect(200)).body.result).toMatchObject({ passed: true });

    const done = await waitForTask(t, alice, accepted.body.task_id, undefined, 45_000);
    expect(done.status).toBe('completed');
    const { result } = (await as(request(t.url).get(`/tasks/${done.task_id}/result`)).expect(200)).body;
    expect(result).toMatchObject({ passed: false, limit, limit_detail: { task: name, host: 'sandbox', step: 'check' } });
    expect(leftovers()).toEqual([]);
    const parents = Object.values(activeLimits()!.limits.cgroup?.parents ?? {});
    for (const parent of parents) expect(readdirSync(parent).filter((n) => n.startsWith(`${process.pid}-`))).toEqual([]);
  }, 90_000);

  it('cannot read the data dir\'s token signing key nor /etc/shadow from a playbook', async () => {
    const key = join(dataDir, DEV_KEY_FILE);
    expect(existsSync(key)).toBe(true);
    const secret = readFileSync(key, 'utf8').slice(0, 40);
    const tasks = [`head -c 80 ${key}`, 'head -c 80 /etc/shadow'].map((c, i) =>
      `    - name: Read ${i}\n      ansible.builtin.command: ${c}\n      ignore_errors: true\n`).join('');
    const id = await storePlaybook(t, alice, `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`);
    const res = await as(request(t.url).post('/test')).send({ playbook_id: id, check_mode: false }).expect(200);
    expect(res.body.status).toBe('completed');
    const { result } = res.body;
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(result.stdout).not.toMatch(/root:[^\n]*:\d+:/);
    expect(result.tasks.map((x: { message: string }) => x.message)).toEqual([
      expect.stringMatching(/No such file or directory/), // the data dir is an empty mount in the sandbox
      expect.stringMatching(/Permission denied/),
    ]);
    expect((await request(t.url).get('/health/ready').expect(200)).body.status).toBe('ok');
  }, 60_000);
});
