import request from 'supertest';
import { describeWithAnsible } from '../support/ansible';
import { startTestApp, TestApp } from '../support/app';
import { waitForTask } from '../support/wait';
import { storePlaybook } from '../support/playbooks';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Replica } from '../support/replicas';

const PASSING = `- name: Sandbox check
  hosts: webservers
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello {{ who }}"
`;

describeWithAnsible('POST /test and /async/test run the playbook for real', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
  });
  afterAll(() => t.close());

  const store = (content: string): Promise<string> => storePlaybook(t, alice, content);

  it('answers the synchronous /test with a passed result and per-task outcomes', async () => {
    const id = await store(PASSING);
    const res = await request(t.url).post('/test').auth(alice, { type: 'bearer' })
      .send({ playbook_id: id, extra_vars: { who: 'relia' } }).expect(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.result.passed).toBe(true);
    expect(res.body.result.tasks).toEqual([expect.objectContaining({ name: 'Say hello', status: 'ok' })]);
    expect(res.body.result.stdout).toContain('hello relia');
  }, 60_000);

  it('a failing playbook is a completed task with passed: false', async () => {
    const id = await store('- hosts: all\n  gather_facts: false\n  tasks:\n    - name: Boom\n      ansible.builtin.fail:\n        msg: no\n');
    const accepted = await request(t.url).post('/async/test').auth(alice, { type: 'bearer' }).send({ playbook_id: id }).expect(202);
    const task = await waitForTask(t, alice, accepted.body.task_id, undefined, 60_000);
    expect(task.status).toBe('completed');
    const res = await request(t.url).get(`/tasks/${task.task_id}/result`).auth(alice, { type: 'bearer' }).expect(200);
    expect(res.body.result.passed).toBe(false);
    expect(res.body.result.tasks).toEqual([expect.objectContaining({ name: 'Boom', status: 'failed' })]);
  }, 60_000);
});

/**
 * The same through the built service (`node dist/src/main.js`, as `npm start` and the image run
 * it): the callback plugin is an asset the build must copy, or runs come back without tasks.
 */
describeWithAnsible('POST /test on the built service', () => {
  let db: TestDatabase;
  let replica: Replica;

  beforeAll(async () => {
    db = await createTestDatabase();
    replica = await new Replica('built', db.url).ready(60_000);
  }, 90_000);
  afterAll(async () => {
    await replica?.dispose();
    await db?.drop();
  });

  it('reports per-task outcomes', async () => {
    const token = await replica.token('alice');
    const post = (path: string, body: unknown) => fetch(`${replica.url}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { playbook_id } = await (await post('/playbooks', { name: 'p.yml', content: PASSING })).json() as { playbook_id: string };
    const res = await post('/test', { playbook_id, extra_vars: { who: 'relia' } });
    const body = await res.json() as { status: string; result: { passed: boolean; tasks: unknown[] } };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'completed', result: { passed: true } });
    expect(body.result.tasks).toEqual([expect.objectContaining({ name: 'Say hello', status: 'ok' })]);
  }, 60_000);
});
