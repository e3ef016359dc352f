import request from 'supertest';
import { DataSource } from 'typeorm';
import { TelemetryWriter } from '../../src/telemetry/telemetry.writer';
import { startTestApp, TestApp } from '../support/app';
import { waitForTask } from '../support/wait';

const PLAYBOOK = `- hosts: all
  tasks:
    - shell: echo hello
    - name: install
      apt: name=nginx state=latest
`;

describe('README walk-through: store a playbook, lint it asynchronously, read the result', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
  });
  afterAll(() => t.close());

  it('stores, submits, polls and reads the lint result', async () => {
    const stored = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' })
      .send({ name: 'site.yml', content: PLAYBOOK }).expect(201);
    expect(stored.body).toMatchObject({ name: 'site.yml', user_id: 'alice', content: PLAYBOOK });

    const accepted = await request(t.url).post('/async/lint').auth(alice, { type: 'bearer' })
      .send({ playbook_id: stored.body.playbook_id }).expect(202);
    expect(accepted.body).toEqual({ task_id: expect.any(String), playbook_id: stored.body.playbook_id, status: 'pending' });
    expect(accepted.headers.location).toBe(`/tasks/${accepted.body.task_id}`);

    const task = await waitForTask(t, alice, accepted.body.task_id);
    expect(task).toMatchObject({ status: 'completed', progress: 100, type: 'lint', user_id: 'alice', error: null });

    const result = await request(t.url).get(`/tasks/${task.task_id}/result`).auth(alice, { type: 'bearer' }).expect(200);
    expect(result.body.status).toBe('completed');
    expect(result.body.result.engine).toBe('builtin');
    expect(result.body.result.passed).toBe(false);
    const rules = result.body.result.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['name[play]', 'name[missing]', 'fqcn[action-core]', 'package-latest']));
  });

  it('answers the synchronous /lint with the result directly', async () => {
    const stored = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' })
      .send({ name: 'broken.yml', content: 'hosts: [unclosed' }).expect(201);
    const res = await request(t.url).post('/lint').auth(alice, { type: 'bearer' })
      .send({ playbook_id: stored.body.playbook_id }).expect(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.result.passed).toBe(false);
    expect(res.body.result.findings[0].rule).toMatch(/^(load-failure|yaml\[syntax\]|syntax-check)/);
  });

  it('lists the user’s tasks newest first, a page at a time', async () => {
    const list = await request(t.url).get('/tasks?limit=1').auth(alice, { type: 'bearer' }).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.next_cursor).toEqual(expect.any(String));
    const next = await request(t.url).get(`/tasks?limit=1&cursor=${encodeURIComponent(list.body.next_cursor)}`)
      .auth(alice, { type: 'bearer' }).expect(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].task_id).not.toBe(list.body.items[0].task_id);
    expect(next.body.items[0].created_at <= list.body.items[0].created_at).toBe(true);
  });

  it('stores telemetry events for each move of a task', async () => {
    const { body } = await request(t.url).get('/tasks?limit=1').auth(alice, { type: 'bearer' }).expect(200);
    const id = body.items[0].task_id;
    await t.app.get(TelemetryWriter).flush();
    const rows = await t.app.get(DataSource).query(
      `SELECT name, user_id, task_type FROM telemetry_events WHERE task_id = $1 ORDER BY id`, [id]);
    expect(rows).toEqual(['task_created', 'task_started', 'task_completed'].map((name) => ({ name, user_id: 'alice', task_type: 'lint' })));
  });
});
