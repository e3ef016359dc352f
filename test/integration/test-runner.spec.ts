import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config/config';
import { TaskError } from '../../src/executor/task-error';
import { detectLimits } from '../../src/playbooks/runner/limits/detect';
import { testPlaybook } from '../../src/playbooks/runner/test-runner.worker';
import type { TestRunInput } from '../../src/playbooks/runner/test-run.types';
import { describeWithAnsible, leftoverProcesses, recordingContext, workspacesOf, type RecordedContext } from '../support/ansible';

jest.setTimeout(60_000);

const ANSIBLE = process.env.RELIA_ANSIBLE_PLAYBOOK ?? 'ansible-playbook';

/** The limits a replica here would detect at boot, with the defaults: every run below goes through them. */
const LIMITS = detectLimits(loadConfig({}).test.limits, 'bwrap', []);

function input(content: string, extra: Partial<TestRunInput> = {}): TestRunInput {
  return { content, timeout_seconds: 60, ansible_playbook: ANSIBLE, sandbox: 'bwrap', limits: LIMITS, ...extra };
}

function play(tasks: string, head = 'hosts: all\n  gather_facts: false'): string {
  return `- name: Test play\n  ${head}\n  tasks:\n${tasks}`;
}

/** A string that only this test's processes carry on their command line. */
function marker(): string {
  return `${process.pid}${Date.now() % 100000}`;
}

function expectCleanedUp(ctx: RecordedContext, markers: string[]): void {
  expect(leftoverProcesses(ctx, [...markers, ...workspacesOf(ctx)])).toEqual([]);
  for (const ws of workspacesOf(ctx)) expect(existsSync(ws)).toBe(false);
}

describeWithAnsible('testPlaybook (real ansible-playbook)', () => {
  it('passes a playbook whose tasks all succeed, with per-task results and a recap', async () => {
    const ctx = tracked();
    const result = await testPlaybook(input(play('    - name: Say hello\n      ansible.builtin.debug:\n        msg: hello\n')), ctx);
    expect(result).toMatchObject({ passed: true, syntax_ok: true, stdout_truncated: false });
    expect(result.hosts).toEqual({ sandbox: { ok: 1, changed: 0, skipped: 0, failed: 0, unreachable: 0 } });
    expect(result.tasks).toEqual([expect.objectContaining({ play: 'Test play', name: 'Say hello', host: 'sandbox', status: 'ok', message: 'hello' })]);
    expect(result.stdout).toContain('PLAY RECAP');
    expect(result.stdout).not.toMatch(/\u001b\[/);
    expect(result.stdout).not.toContain('relia-run-');
    expectCleanedUp(ctx, []);
  });

  it('reports a failing fail task and a failing assert as passed: false, listing them', async () => {
    const tasks =
      '    - name: Check the answer\n      ansible.builtin.assert:\n        that: 1 == 2\n        fail_msg: wrong answer\n      ignore_errors: false\n' +
      '    - name: Never reached\n      ansible.builtin.debug:\n        msg: x\n';
    const asserted = await testPlaybook(input(play(tasks)), tracked());
    expect(asserted.passed).toBe(false);
    expect(asserted.tasks).toEqual([expect.objectContaining({ name: 'Check the answer', status: 'failed', message: 'wrong answer' })]);
    expect(asserted.hosts.sandbox.failed).toBe(1);

    const failed = await testPlaybook(input(play('    - name: Give up\n      ansible.builtin.fail:\n        msg: boom\n')), tracked());
    expect(failed).toMatchObject({ passed: false, syntax_ok: true });
    expect(failed.tasks).toEqual([expect.objectContaining({ name: 'Give up', status: 'failed', message: 'boom' })]);
  });

  it('stops at a syntax error and names its line and column', async () => {
    const content = play('    - name: Broken\n      no.such.module_xyz:\n        a: 1\n');
    const result = await testPlaybook(input(content), tracked());
    expect(result).toMatchObject({ passed: false, syntax_ok: false, tasks: [], hosts: {} });
    expect(result.syntax_error).toMatchObject({ line: 5, column: 7 });
    expect(result.syntax_error!.message).toMatch(/^ERROR! couldn't resolve module\/action 'no.such.module_xyz'/);
    expect(result.syntax_error!.message).not.toContain(tmpdir());
  });

  it('runs plays aimed at named groups and patterns against the sandbox host', async () => {
    const content =
      play('    - ansible.builtin.debug:\n        msg: web\n', 'hosts: some_group\n  gather_facts: false') +
      play('    - ansible.builtin.debug:\n        msg: db\n', 'hosts: "db:web:&some_group"\n  gather_facts: false');
    const result = await testPlaybook(input(content), tracked());
    expect(result.passed).toBe(true);
    expect(result.tasks.map((t) => [t.host, t.message])).toEqual([['sandbox', 'web'], ['sandbox', 'db']]);
  });

  it('passes extra vars, tags and gathers facts locally', async () => {
    const tasks =
      '    - name: Show\n      ansible.builtin.assert:\n        that: [who == "bob", nested.n == 3, ansible_facts.os_family is defined]\n      tags: [shown]\n' +
      '    - name: Hidden\n      ansible.builtin.fail:\n        msg: should be skipped by tags\n      tags: [hidden]\n';
    const extra = { extra_vars: { who: 'bob', nested: { n: 3 } }, tags: ['shown'] };
    const result = await testPlaybook(input(play(tasks, 'hosts: all'), extra), tracked());
    expect(result.passed).toBe(true);
    expect(result.tasks.map((t) => t.name)).toEqual(['Gathering Facts', 'Show']);
  });

  it('reports progress while the run goes on, ending at 100', async () => {
    const ctx = tracked();
    const sleep = '      ansible.builtin.command: sleep 0.3\n      check_mode: false\n      changed_when: false\n';
    await testPlaybook(input(play(`    - name: One\n${sleep}    - name: Two\n${sleep}    - name: Three\n${sleep}`)), ctx);
    const percents = ctx.progressCalls.map((c) => c.percent);
    expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(2);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(ctx.progressCalls).toContainEqual(expect.objectContaining({ details: { step: 'check', play: 'Test play', task: 'Two', host: 'sandbox' } }));
    const spread = ctx.progressCalls.at(-1)!.at - ctx.progressCalls.find((c) => c.percent > 0)!.at;
    expect(spread).toBeGreaterThan(300); // they came during the run, not all at the end
  });

  it('stops the whole process tree within 2 s of a cancel, leaving no process and no workspace', async () => {
    const ctx = tracked();
    const mark = marker();
    const sleeps = Array.from({ length: 8 }, (_, i) => `    - name: Sleep ${i}\n      ansible.builtin.command: sleep 1.${mark}\n`).join('');
    const run = testPlaybook(input(play(sleeps), { check_mode: false }), ctx);
    await until(() => ctx.progressCalls.some((c) => c.details?.task === 'Sleep 2'));
    const canceledAt = Date.now();
    ctx.controller.abort(new Error('canceled by test'));
    await expect(run).rejects.toThrow('canceled by test');
    expect(Date.now() - canceledAt).toBeLessThan(2000);
    expectCleanedUp(ctx, [`sleep 1.${mark}`]);
  });

  it('stops a run that outlasts timeout_seconds: passed false, limit "time" and the task, leaving nothing behind', async () => {
    const ctx = tracked();
    const mark = marker();
    const started = Date.now();
    const result = await testPlaybook(input(play(`    - name: Nap\n      ansible.builtin.command: sleep 3.${mark}\n`), { check_mode: false, timeout_seconds: 3 }), ctx);
    expect(result).toMatchObject({ passed: false, syntax_ok: true, limit: 'time', limit_detail: { task: 'Nap', host: 'sandbox', step: 'run' } });
    expect(result.limit_detail!.message).toMatch(/time limit of 3 s/);
    expect(Date.now() - started).toBeLessThan(5000);
    expectCleanedUp(ctx, [`sleep 3.${mark}`]);
  });

  describe('sandbox', () => {
    let server: Server;
    let hits = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => (hits++, res.end('reached')));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const fetchTask = (port: number) =>
      `    - name: Call home\n      ansible.builtin.uri:\n        url: http://127.0.0.1:${port}/\n        timeout: 5\n      check_mode: false\n`;

    it('has no network: a request to a server on the host fails inside bwrap (and works without it)', async () => {
      const { port } = server.address() as AddressInfo;
      const sandboxed = await testPlaybook(input(play(fetchTask(port))), tracked());
      expect(sandboxed.passed).toBe(false);
      expect(sandboxed.tasks[0]).toMatchObject({ name: 'Call home', status: 'failed' });
      expect(hits).toBe(0);
      const open = await testPlaybook(input(play(fetchTask(port)), { sandbox: 'none' }), tracked());
      expect(open.passed).toBe(true);
      expect(hits).toBe(1);
    });

    it('cannot write outside its workspace (the masks are throwaway tmpfs, the system read-only)', async () => {
      const [etc, home] = [`/etc/relia-escape-${marker()}`, `/root/relia-escape-${marker()}`];
      const write =
        `    - name: Write home\n      ansible.builtin.command: touch ${home}\n` +
        `    - name: Escape\n      ansible.builtin.command: touch ${etc}\n`;
      const result = await testPlaybook(input(play(write), { check_mode: false }), tracked());
      expect(result.passed).toBe(false);
      // /root is an empty tmpfs in the sandbox: the write "works" and vanishes with the run.
      expect(result.tasks.map((t) => [t.name, t.status])).toEqual([['Write home', 'changed'], ['Escape', 'failed']]);
      expect(result.tasks[1].message).toMatch(/read-only file system/i);
      expect(existsSync(etc)).toBe(false);
      expect(existsSync(home)).toBe(false);
    });

    it('cannot remount the system read-write: not root with limits, and no capabilities even as root without them', async () => {
      const remount = '    - name: Remount\n      ansible.builtin.command: mount -o remount,rw /\n';
      const result = await testPlaybook(input(play(remount), { check_mode: false }), tracked());
      expect(result.tasks[0]).toMatchObject({ name: 'Remount', status: 'failed', message: expect.stringMatching(/must be superuser/i) });
      const asRoot = await testPlaybook(input(play(remount), { check_mode: false, limits: undefined }), tracked());
      expect(asRoot.tasks[0]).toMatchObject({ name: 'Remount', status: 'failed', message: expect.stringMatching(/permission denied/i) });
    });

    it('keeps the service environment out of the run', async () => {
      process.env.RELIA_SECRET_FOR_TEST = 'hunter2';
      const show = '    - ansible.builtin.debug:\n        msg: "{{ lookup(\'env\', \'RELIA_SECRET_FOR_TEST\') }}|{{ lookup(\'env\', \'HOME\') }}"\n';
      try {
        const result = await testPlaybook(input(play(show)), tracked());
        expect(result.tasks[0].message).toMatch(/^\|\/\S*relia-run-/);
      } finally {
        delete process.env.RELIA_SECRET_FOR_TEST;
      }
    });
  });

  it('throws runner_unavailable with the install hint when ansible-playbook is missing', async () => {
    const run = testPlaybook(input(play(''), { ansible_playbook: '/nonexistent/ansible-playbook' }), tracked());
    await expect(run).rejects.toBeInstanceOf(TaskError);
    await expect(run).rejects.toMatchObject({ code: 'runner_unavailable', message: expect.stringContaining('apt-get install ansible-core') });
  });

  it('leaves no workspace behind after any of the runs above', () => {
    const workspaces = contexts.flatMap(workspacesOf);
    expect(workspaces.length).toBeGreaterThan(10);
    expect(workspaces.filter((ws) => existsSync(ws))).toEqual([]);
  });
});

/** Every context of this spec's runs: their workspaces, not those of specs running alongside, must be gone. */
const contexts: RecordedContext[] = [];
function tracked(): RecordedContext {
  const ctx = recordingContext();
  contexts.push(ctx);
  return ctx;
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
