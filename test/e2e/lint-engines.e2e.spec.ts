import request from 'supertest';
import { findExecutable } from '../../src/playbooks/runner/sandbox';
import { startTestApp, TestApp } from '../support/app';
import { storePlaybook } from '../support/playbooks';

const PLAYBOOK = `- hosts: all
  tasks:
    - shell: echo hello
    - name: install
      apt: name=nginx state=latest
`;

interface Finding {
  rule: string;
  line: number;
  severity: string;
  url: string;
}

describe('POST /lint with options and both engines', () => {
  let t: TestApp;
  let alice: string;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
    id = await storePlaybook(t, alice, PLAYBOOK);
  });
  afterAll(() => t.close());

  const lint = (body: object) => request(t.url).post('/lint').auth(alice, { type: 'bearer' }).send({ playbook_id: id, ...body });
  const rules = (res: request.Response): string[] => res.body.result.findings.map((f: Finding) => f.rule);

  it('answers the result shape with findings sorted by line, rule urls and a summary', async () => {
    const res = await lint({}).expect(200);
    const result = res.body.result;
    expect(result).toMatchObject({ engine: 'builtin', passed: false, truncated: false });
    const lines = result.findings.map((f: Finding) => f.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(result.findings[0].url).toMatch(/^https:\/\/ansible\.readthedocs\.io\/projects\/lint\/rules\//);
    expect(result.summary.errors).toBe(result.findings.filter((f: Finding) => f.severity === 'error').length);
  });

  it('applies skip_list, warn_list and profiles as ansible-lint does', async () => {
    const all = rules(await lint({}).expect(200));
    expect(all).toContain('fqcn[action-core]');
    expect(rules(await lint({ skip_list: ['fqcn'] }).expect(200))).not.toContain('fqcn[action-core]');
    const warned = (await lint({ warn_list: ['fqcn[action-core]'] }).expect(200)).body.result.findings
      .filter((f: Finding) => f.rule === 'fqcn[action-core]');
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.every((f: Finding) => f.severity === 'warning')).toBe(true);
    const min = await lint({ profile: 'min' }).expect(200);
    expect(min.body.result.profile).toBe('min');
    expect(rules(min)).not.toContain('name[play]');
  });

  const withLint = findExecutable('ansible-lint') ? it : process.env.CI === 'true' ? it : it.skip;
  withLint('runs the real ansible-lint as the second engine (needs apt-get install ansible-lint)', async () => {
    if (!findExecutable('ansible-lint')) throw new Error('ansible-lint is not installed: apt-get install -y ansible-lint');
    const res = await lint({ engine: 'ansible-lint' }).expect(200);
    expect(res.body.result.engine).toBe('ansible-lint');
    expect(rules(res)).toEqual(expect.arrayContaining(['name[play]', 'fqcn[action-core]', 'package-latest']));
  }, 60_000);
});

describe('the ansible-lint engine without the binary', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('fails the task with runner_unavailable and an install hint', async () => {
    t = await startTestApp({ RELIA_ANSIBLE_LINT: '/nonexistent/ansible-lint' });
    const token = await t.token('alice');
    const playbookId = await storePlaybook(t, token, PLAYBOOK);
    const res = await request(t.url).post('/lint').auth(token, { type: 'bearer' })
      .send({ playbook_id: playbookId, engine: 'ansible-lint' }).expect(200);
    expect(res.body).toMatchObject({ status: 'failed', error: { code: 'runner_unavailable' } });
    expect(res.body.error.message).toMatch(/apt-get install ansible-lint/);
  });
});
