import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { describeLimits, detectLimits } from '../../src/playbooks/runner/limits/detect';
import type { RunLimits } from '../../src/playbooks/runner/limits/limits.types';
import { testPlaybook } from '../../src/playbooks/runner/test-runner.worker';
import type { TestRunInput } from '../../src/playbooks/runner/test-run.types';
import { describeWithAnsible, leftoverProcesses, recordingContext, workspacesOf, type RecordedContext } from '../support/ansible';

jest.setTimeout(90_000);

const ANSIBLE = process.env.RELIA_ANSIBLE_PLAYBOOK ?? 'ansible-playbook';
const PYTHON = '/usr/bin/python3';

/** Small limits: this is a shared machine, and every hostile playbook below must hit them fast. */
function limitsFor(mechanism: 'auto' | 'rlimit', extra: Record<string, string> = {}, masked: string[] = []): RunLimits {
  const env = { RELIA_TEST_LIMITS: mechanism, RELIA_TEST_MAX_MEMORY_MB: '384', RELIA_TEST_MAX_PROCESSES: '64', RELIA_TEST_MAX_DISK_MB: '64', ...extra };
  return detectLimits(loadConfig(env).test.limits, 'bwrap', masked);
}

function input(content: string, limits: RunLimits, extra: Partial<TestRunInput> = {}): TestRunInput {
  return { content, timeout_seconds: 60, ansible_playbook: ANSIBLE, sandbox: 'bwrap', limits, check_mode: false, ...extra };
}

function play(tasks: string): string {
  return `- name: Limits play\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: Warm up\n      ansible.builtin.debug:\n        msg: fine\n${tasks}`;
}

function marker(): string {
  return `${process.pid}${Date.now() % 100000}`;
}

/** Nothing of the run is left: no process (by group, marker or workspace), no workspace, no run cgroup. */
function expectNothingLeft(ctx: RecordedContext, limits: RunLimits, markers: string[]): void {
  expect(leftoverProcesses(ctx, [...markers, ...workspacesOf(ctx)])).toEqual([]);
  for (const ws of workspacesOf(ctx)) expect(existsSync(ws)).toBe(false);
  for (const parent of Object.values(limits.cgroup?.parents ?? {})) {
    expect(readdirSync(parent).filter((name) => name.startsWith(`${process.pid}-`))).toEqual([]);
  }
}

const HOSTILE = {
  forkBomb: (mark: string) => `    - name: Fork bomb\n      ansible.builtin.shell: "f() { f | f & }; f; sleep 20.${mark}; wait"\n`,
  memoryHog: () => `    - name: Memory hog\n      ansible.builtin.command: ${PYTHON} -c "b = bytearray(900 * 1024 * 1024); import time; time.sleep(20)"\n`,
  diskFiller: () => `    - name: Disk filler\n      ansible.builtin.command: dd if=/dev/zero of=big bs=1M count=1000\n`,
  tmpFiller: () => `    - name: Tmp filler\n      ansible.builtin.command: dd if=/dev/zero of=/tmp/big bs=1M count=1000\n`,
  spinner: (mark: string) => `    - name: Spin\n      ansible.builtin.shell: "for i in 1 2 3; do (while :; do :; done) & done; sleep 30.${mark}"\n`,
};

for (const mechanism of ['auto', 'rlimit'] as const) {
  describeWithAnsible(`test runs under limits (RELIA_TEST_LIMITS=${mechanism})`, () => {
    const limits = limitsFor(mechanism);

    it(`detects a mechanism and an unprivileged identity (${mechanism})`, () => {
      const described = describeLimits(limits);
      if (mechanism === 'rlimit') expect(described.mechanism).toBe('rlimit');
      else expect(['cgroup-v2', 'cgroup-v1', 'rlimit']).toContain(described.mechanism);
      // Under CI the host must let runs drop root one way or the other.
      expect(['userns', 'setuid']).toContain(limits.identity);
      console.log(`limits in force (${mechanism}): ${JSON.stringify(described)}`);
    });

    it('runs an ordinary playbook as before: syntax check, run, passed', async () => {
      const ctx = recordingContext();
      const result = await testPlaybook(input(play('    - name: Who\n      ansible.builtin.command: id -u\n'), limits, { check_mode: true }), ctx);
      expect(result).toMatchObject({ passed: true, syntax_ok: true });
      expect(result.limit).toBeUndefined();
      expectNothingLeft(ctx, limits, []);
    });

    it('stops a fork bomb: passed false, limit "processes", the task named, nothing left', async () => {
      const ctx = recordingContext();
      const mark = marker();
      const started = Date.now();
      const result = await testPlaybook(input(play(HOSTILE.forkBomb(mark)), limits, { timeout_seconds: 40 }), ctx);
      expect(result).toMatchObject({ passed: false, limit: 'processes', limit_detail: { task: 'Fork bomb', host: 'sandbox', step: 'run' } });
      // A cgroup counts the refused forks: the run stops at once. With rlimits the bomb is contained
      // (RLIMIT_NPROC) and seen when its task ends (its "Cannot fork"), still before the time limit.
      expect(Date.now() - started).toBeLessThan(limits.mechanism === 'rlimit' ? 30_000 : 8000);
      expectNothingLeft(ctx, limits, [`sleep 20.${mark}`]);
    });

    it('stops a memory hog: passed false, limit "memory", the task named', async () => {
      const ctx = recordingContext();
      const result = await testPlaybook(input(play(HOSTILE.memoryHog()), limits, { timeout_seconds: 40 }), ctx);
      expect(result).toMatchObject({ passed: false, limit: 'memory', limit_detail: { task: 'Memory hog', host: 'sandbox' } });
      expect(result.duration_ms).toBeLessThan(30_000);
      expectNothingLeft(ctx, limits, ['bytearray(900']);
    });

    it('bounds the sum of the run\'s memory, not only each process: four 150 MB processes hit 384 MB', async () => {
      const ctx = recordingContext();
      const hogs = `for i in 1 2 3 4; do ${PYTHON} -c "b = bytearray(150 * 1024 * 1024); import time; time.sleep(20)" & done; wait`;
      const result = await testPlaybook(input(play(`    - name: Many hogs\n      ansible.builtin.shell: '${hogs}'\n`), limits, { timeout_seconds: 40 }), ctx);
      expect(result).toMatchObject({ passed: false, limit: 'memory', limit_detail: { task: 'Many hogs' } });
      expect(result.duration_ms).toBeLessThan(15_000);
      expectNothingLeft(ctx, limits, ['bytearray(150']);
    });

    it('stops a disk filler in the workspace and in /tmp: limit "disk", at the disk limit', async () => {
      for (const [task, name] of [[HOSTILE.diskFiller(), 'Disk filler'], [HOSTILE.tmpFiller(), 'Tmp filler']]) {
        const ctx = recordingContext();
        const result = await testPlaybook(input(play(task), limits), ctx);
        expect(result).toMatchObject({ passed: false, limit: 'disk', limit_detail: { task: name, host: 'sandbox' } });
        expect(result.limit_detail!.message).toMatch(/No space left on device/);
        // 64 MB written at most, not the 1000 asked for.
        expect(result.tasks.at(-1)!.message).toMatch(/bytes \((6\d|5\d) MB, \d+ MiB\) copied/);
        expectNothingLeft(ctx, limits, []);
      }
    });

    it('stops a CPU spinner at its time limit: limit "time", the task named, nothing left', async () => {
      const ctx = recordingContext();
      const mark = marker();
      const running = testPlaybook(input(play(HOSTILE.spinner(mark)), limits, { timeout_seconds: 8 }), ctx);
      // Meanwhile, on the host: the run's processes are not root (Relia is root here).
      let owners: string[] = [];
      for (let i = 0; i < 120 && owners.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        owners = execFileSync('ps', ['-eo', 'uid=,args='], { encoding: 'utf8' }).split('\n')
          .filter((l) => l.includes(`sleep 30.${mark}`) && !l.includes('ps -eo')).map((l) => l.trim().split(/\s+/)[0]);
      }
      expect(owners.length).toBeGreaterThan(0);
      expect(new Set(owners)).toEqual(new Set([String(process.getuid!() === 0 ? limits.uid : process.getuid!())]));
      const result = await running;
      expect(result).toMatchObject({ passed: false, limit: 'time', limit_detail: { task: 'Spin', host: 'sandbox' } });
      expect(result.duration_ms).toBeLessThan(12_000); // 8 s, then SIGTERM and at most 1 s to SIGKILL
      expectNothingLeft(ctx, limits, [`sleep 30.${mark}`]);
    });

    it('runs as an unprivileged uid: root-only files (the data dir key, /etc/shadow) are unreadable, the data dir is masked', async () => {
      // A data dir outside /tmp, like the default ./.relia: root-owned, 0600 key.
      const dataDir = join('/var/tmp', `relia-probe-${marker()}`);
      mkdirSync(dataDir, { recursive: true });
      const key = join(dataDir, 'dev-token-key.json');
      writeFileSync(key, '{"kty":"oct","k":"secret-signing-key-material"}\n');
      chmodSync(key, 0o600);
      try {
        const masked = limitsFor(mechanism, {}, [dataDir]);
        const tasks =
          `    - name: Read key\n      ansible.builtin.command: head -c 80 ${key}\n      ignore_errors: true\n` +
          '    - name: Read shadow\n      ansible.builtin.command: head -c 80 /etc/shadow\n      ignore_errors: true\n' +
          '    - name: Who\n      ansible.builtin.command: id -u\n      register: who\n' +
          '    - name: Unprivileged\n      ansible.builtin.assert:\n        that: who.stdout == "65534"\n';
        const result = await testPlaybook(input(play(tasks), masked), recordingContext());
        expect(result.stdout).not.toContain('secret-signing-key-material');
        expect(result.stdout).not.toMatch(/root:[^\n]*:\d+:/);
        const byName = Object.fromEntries(result.tasks.map((t) => [t.name, t]));
        expect(byName['Read key'].message).toMatch(/No such file or directory/); // masked: an empty directory
        expect(byName['Read shadow'].message).toMatch(/Permission denied/);
        expect(byName.Unprivileged).toMatchObject({ status: 'ok' });

        // Without the mask, the key is still unreadable: the run's uid cannot open a root 0600 file.
        const unmasked = await testPlaybook(input(play(`    - name: Read key\n      ansible.builtin.command: head -c 80 ${key}\n`), limits), recordingContext());
        expect(unmasked.tasks.at(-1)).toMatchObject({ name: 'Read key', status: 'failed', message: expect.stringMatching(/Permission denied/) });
        expect(unmasked.stdout).not.toContain('secret-signing-key-material');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

describeWithAnsible('test runs where user namespaces are forbidden (identity setuid)', () => {
  it('drops to RELIA_TEST_UID inside the sandbox: id -u is that uid, /etc/shadow is unreadable', async () => {
    if (process.getuid?.() !== 0) throw new Error('this spec needs root: the setuid identity is only used when Relia is root');
    const limits: RunLimits = { ...limitsFor('rlimit', { RELIA_TEST_UID: '65533' }), identity: 'setuid' };
    const tasks =
      '    - name: Who\n      ansible.builtin.command: id -u\n      register: who\n' +
      '    - name: Unprivileged\n      ansible.builtin.assert:\n        that: who.stdout == "65533"\n' +
      '    - name: Read shadow\n      ansible.builtin.command: head -c 80 /etc/shadow\n';
    const result = await testPlaybook(input(play(tasks), limits), recordingContext());
    expect(result.tasks.map((t) => [t.name, t.status])).toEqual([['Warm up', 'ok'], ['Who', 'changed'], ['Unprivileged', 'ok'], ['Read shadow', 'failed']]);
    expect(result.tasks[3].message).toMatch(/Permission denied/);
    expect(execFileSync('id', ['-u'], { encoding: 'utf8' }).trim()).toBe('0');
  });
});

describeWithAnsible('CPU share under a cgroup (RELIA_TEST_CPU_SHARE)', () => {
  const limits = limitsFor('auto', { RELIA_TEST_CPU_SHARE: '0.5' });

  it('lets two spinning processes use half a CPU between them, not both cores', async () => {
    if (limits.mechanism === 'rlimit') throw new Error('no writable cgroup here: CPU shares need one (see docs/test-runner.md)');
    const spin = `${PYTHON} -c "import os, subprocess; ps = [subprocess.Popen(['timeout', '2', 'sh', '-c', 'while :; do :; done']) for _ in range(2)]; [p.wait() for p in ps]; t = os.times(); print(round(t.children_user + t.children_system, 2))"`;
    const tasks = `    - name: Spin 2 s\n      ansible.builtin.command: ${spin}\n      register: spun\n` +
      '    - name: Report\n      ansible.builtin.debug:\n        msg: "cpu={{ spun.stdout }}"\n';
    const result = await testPlaybook(input(play(tasks), limits), recordingContext());
    expect(result.passed).toBe(true);
    const cpu = Number(/cpu=([\d.]+)/.exec(result.tasks.at(-1)!.message!)![1]);
    // 2 s of wall time at 0.5 CPU is 1 s of CPU (unbounded, two cores: up to 4 s).
    expect(cpu).toBeGreaterThan(0.3);
    expect(cpu).toBeLessThan(1.5);
  });
});
