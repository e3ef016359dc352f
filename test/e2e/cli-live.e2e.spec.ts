import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describeWithAnsible } from '../support/ansible';
import { startTestApp, TestApp } from '../support/app';
import { cliEnv, makeProject, runCli, startCli, startCliInTty, type CliProcess } from '../support/cli';
import { startDroppingProxy } from '../support/dropping-proxy';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';
import { parseJunit } from '../support/report-checks';

const SITE = `- name: Web
  hosts: webservers
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello {{ who | default('world') }}"
    - name: Fail when asked
      ansible.builtin.fail:
        msg: asked to fail
      when: fail_now | default(false) | bool
`;

// A run with a step that lasts: its progress reaches the stream whatever the machine's speed (a
// run that ends within one progress interval shows only its start and its end).
const STEPS = `- name: Web
  hosts: webservers
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: hello
    - name: Take a moment
      ansible.builtin.command: sleep 2
      check_mode: false
      changed_when: false
`;

// A real command (not skipped in check mode) that outlasts any test: only a cancel ends it early.
const SLOW = `- name: Slow
  hosts: all
  gather_facts: false
  tasks:
    - name: Wait a while
      ansible.builtin.command: sleep 45
      check_mode: false
      changed_when: false
`;

/** `relia test` and the live progress, with and without a terminal, and Ctrl-C. */
describeWithAnsible('relia CLI: test runs, live progress, Ctrl-C', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let project: string;
  let token: string;
  const running: CliProcess[] = [];
  const env = () => cliEnv(mkdtempSync(join(tmpdir(), 'relia-cli-config-')), { RELIA_URL: t.url, RELIA_TOKEN: token });
  const relia = (args: string[]) => runCli(args, { env: env(), cwd: project, timeoutMs: 90_000 });
  const track = (cli: CliProcess): CliProcess => (running.push(cli), cli);
  const taskStatus = async (id: string) =>
    (await request(t.url).get(`/tasks/${id}`).auth(token, { type: 'bearer' }).expect(200)).body.status as string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startTestApp({ RELIA_OIDC_ISSUER: issuer.url, RELIA_OIDC_AUDIENCE: 'relia' });
    token = await issuer.mint({ sub: 'carol', exp: Math.floor(Date.now() / 1000) + 3600 });
    project = makeProject('infra', { 'site.yml': SITE, 'steps.yml': STEPS, 'slow.yml': SLOW, 'inventory/hosts.ini': '[webservers]\nweb1\n' });
  });
  afterAll(async () => {
    for (const cli of running) cli.child.kill('SIGKILL');
    await t?.close();
    await issuer?.close();
  });

  it('relia test runs the playbook of the uploaded project: exit 0, then 2 when the playbook fails; JUnit per task and host', async () => {
    const ok = await relia(['test', 'site.yml', '-e', 'who=relia']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok\s+Web › Say hello @ \S+/m);
    const failing = await relia(['test', 'site.yml', '-e', 'fail_now=true', '-f', 'junit']);
    expect(failing.code).toBe(2);
    const junit = parseJunit(failing.stdout);
    expect(junit.cases.find((c) => c.name.startsWith('Fail when asked'))?.failure?.text).toContain('asked to fail');
    const missing = await relia(['test', 'nope.yml']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/nope\.yml is not a playbook of the project; its playbooks: .*site\.yml/);
  }, 120_000);

  it('in a terminal: a progress bar redrawn in place, with the percent and the task id', async () => {
    const cli = track(startCliInTty(['test', 'steps.yml'], { env: env(), cwd: project, timeoutMs: 90_000 }));
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\r\x1b\[2K[█░]{24} +\d+% (pending|running|completed) .*[0-9a-f-]{36}/);
    expect(run.stdout).toMatch(/\d+% (running|completed) (check|done): Web › /);
  }, 120_000);

  it('Ctrl-C in a terminal asks, and "y" cancels the test run: the task ends canceled, exit 3', async () => {
    const cli = track(startCliInTty(['test', 'slow.yml'], { env: env(), cwd: project, timeoutMs: 90_000 }));
    const [, id] = await cli.waitFor(/running check: Slow › Wait a while.*?([0-9a-f-]{36})/, 60_000);
    cli.write('\x03');
    await cli.waitFor(/cancel the task [0-9a-f-]{36}\? \[y\/N\]/);
    // The bar ticks every second; while the question waits, it must not draw over it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(cli.stdout().split('[y/N]').at(-1)).not.toContain('\x1b[2K');
    cli.write('y\n');
    const run = await cli.done;
    expect(run.stdout).toMatch(new RegExp(`task ${id} was canceled`));
    expect(run.code).toBe(3);
    expect(await taskStatus(id)).toBe('canceled');
  }, 120_000);

  it('without a terminal: plain lines, no escape codes; SIGINT cancels, a second detaches', async () => {
    const cli = track(startCli(['test', 'slow.yml'], { env: env(), cwd: project, timeoutMs: 90_000 }));
    const [, id] = await cli.waitFor(/^task ([0-9a-f-]{36}) running \d+% check: Slow › Wait a while/m, 60_000);
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(3);
    expect(run.stderr).not.toContain('\x1b');
    expect(await taskStatus(id)).toBe('canceled');

    const again = track(startCli(['test', 'slow.yml'], { env: env(), cwd: project, timeoutMs: 90_000 }));
    const [, second] = await again.waitFor(/^task ([0-9a-f-]{36}) running/m, 60_000);
    again.child.kill('SIGINT');
    await again.waitFor(/canceling task/);
    again.child.kill('SIGINT');
    const detached = await again.done;
    expect(detached.code).toBe(130);
    expect(detached.stderr).toContain(`relia watch ${second}`);
  }, 150_000);

  it('a dropped event stream is resumed with Last-Event-ID, and the run is followed to its end', async () => {
    const proxy = await startDroppingProxy(t.url);
    try {
      const run = await runCli(['test', 'site.yml'], { env: { ...env(), RELIA_URL: proxy.url }, cwd: project, timeoutMs: 90_000 });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/passed: 2 task result\(s\)/);
      expect(proxy.eventRequests.length).toBeGreaterThanOrEqual(2);
      expect(proxy.eventRequests[0]['last-event-id']).toBeUndefined();
      expect(proxy.eventRequests[1]['last-event-id']).toBe(proxy.firstEventId());
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
