import request from 'supertest';
import { TasksService } from '../../src/tasks/tasks.service';
import { startTestApp, TestApp } from '../support/app';
import { waitForTask } from '../support/wait';

const UNKNOWN = '00000000-0000-7000-8000-000000000000';
const STATUSES = ['pending', 'running', 'completed', 'failed', 'canceled'];

/**
 * Cross-user visibility: a foreign id answers exactly like an unknown one on every endpoint, and
 * no list, filter or cursor shows another user's rows. Only an admin sees (and cancels) them.
 */
describe('user B never sees, changes or learns of user A’s tasks and playbooks', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let admin: string;
  let playbookId: string;
  let lintTaskId: string;
  let pendingTaskId: string;
  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body?: object) => request(t.url).post(path).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => request(t.url).put(path).auth(token, { type: 'bearer' }).send(body),
    delete: (path: string) => request(t.url).delete(path).auth(token, { type: 'bearer' }),
  });

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob, admin] = await Promise.all([t.token('alice'), t.token('bob'), t.token('root', { admin: true })]);
    const stored = await as(alice).post('/playbooks', { name: 'alice.yml', content: '- hosts: all\n  tasks: []\n' }).expect(201);
    playbookId = stored.body.playbook_id;
    lintTaskId = (await as(alice).post('/lint', { playbook_id: playbookId }).expect(200)).body.task_id;
    const tasks = t.app.get(TasksService);
    // Held: stays pending, so that cancel would really change it.
    pendingTaskId = (await tasks.createTask('diag.noop', 'alice', { note: 'held' })).id;
    for (let i = 0; i < 3; i++) {
      const { task } = await tasks.enqueue('diag.noop', 'alice', {}, {});
      await waitForTask(t, alice, task.id);
    }
    const failed = (await tasks.enqueue('diag.fail', 'alice', { message: 'x' }, {})).task.id;
    await waitForTask(t, alice, failed);
    await as(bob).post('/playbooks', { name: 'bob.yml', content: '- hosts: all\n' }).expect(201);
    await waitForTask(t, bob, (await tasks.enqueue('diag.noop', 'bob', {}, {})).task.id);
  }, 60_000);
  afterAll(() => t.close());

  /** What B gets for a foreign id must be what B gets for an id that does not exist. */
  const expectLikeUnknown = async (foreign: request.Test, unknown: request.Test): Promise<void> => {
    const [f, u] = [await foreign, await unknown];
    expect(f.status).toBe(404);
    expect(f.headers['content-type']).toMatch(/^application\/problem\+json/);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(f.body)).toEqual(strip(u.body));
    expect(JSON.stringify(f.body)).not.toMatch(/alice/);
  };

  it('404 as for an unknown id on every task endpoint: get, result, cancel', async () => {
    for (const id of [lintTaskId, pendingTaskId]) {
      await expectLikeUnknown(as(bob).get(`/tasks/${id}`), as(bob).get(`/tasks/${UNKNOWN}`));
      await expectLikeUnknown(as(bob).get(`/tasks/${id}/result`), as(bob).get(`/tasks/${UNKNOWN}/result`));
      await expectLikeUnknown(as(bob).post(`/tasks/${id}/cancel`), as(bob).post(`/tasks/${UNKNOWN}/cancel`));
    }
    expect((await as(alice).get(`/tasks/${pendingTaskId}`).expect(200)).body.status).toBe('pending');
  });

  it('404 as for an unknown id on every playbook endpoint and every run endpoint; nothing changes', async () => {
    const input = { name: 'taken.yml', content: '- hosts: none\n' };
    await expectLikeUnknown(as(bob).get(`/playbooks/${playbookId}`), as(bob).get(`/playbooks/${UNKNOWN}`));
    await expectLikeUnknown(as(bob).put(`/playbooks/${playbookId}`, input), as(bob).put(`/playbooks/${UNKNOWN}`, input));
    await expectLikeUnknown(as(bob).delete(`/playbooks/${playbookId}`), as(bob).delete(`/playbooks/${UNKNOWN}`));
    for (const path of ['/lint', '/test', '/async/lint', '/async/test']) {
      await expectLikeUnknown(as(bob).post(path, { playbook_id: playbookId }), as(bob).post(path, { playbook_id: UNKNOWN }));
    }
    const mine = await as(alice).get(`/playbooks/${playbookId}`).expect(200);
    expect(mine.body).toMatchObject({ name: 'alice.yml', content: '- hosts: all\n  tasks: []\n', user_id: 'alice' });
    const bobs = await as(bob).get('/tasks?limit=100').expect(200);
    expect(bobs.body.items.map((x: { type: string }) => x.type)).toEqual(['diag.noop']);
  });

  it('scopes Idempotency-Key per user: B reusing A’s key gets a task of his own', async () => {
    await as(alice).post('/async/lint', { playbook_id: playbookId }).set('Idempotency-Key', 'shared-key').expect(202);
    const bobsPlaybook = (await as(bob).get('/playbooks').expect(200)).body.items[0].playbook_id;
    const res = await as(bob).post('/async/lint', { playbook_id: bobsPlaybook }).set('Idempotency-Key', 'shared-key').expect(202);
    expect((await as(bob).get(`/tasks/${res.body.task_id}`).expect(200)).body.user_id).toBe('bob');
  });

  it('B’s lists never show A’s rows, whatever the status, type, user_id filter or page size', async () => {
    const queries = [
      '', ...STATUSES.map((s) => `status=${s}`), 'type=lint', 'type=diag.noop', 'type=diag.fail',
      'user_id=alice', 'user_id=alice&status=pending', 'status=completed&type=lint',
    ];
    for (const query of queries) {
      for (const row of await allPages(bob, `/tasks?${query}`)) expect(row.user_id).toBe('bob');
    }
    const playbooks = await allPages(bob, '/playbooks?');
    expect(playbooks.map((p) => p.user_id)).toEqual(['bob']);
  });

  it('refuses A’s cursors from B (400 invalid_cursor), on tasks and playbooks, with any filter', async () => {
    await as(alice).post('/playbooks', { name: 'second.yml', content: '- hosts: all\n' }).expect(201);
    for (const [list, query] of [['/tasks', ''], ['/tasks', 'status=completed&'], ['/tasks', 'type=diag.noop&'], ['/playbooks', '']]) {
      const page = await as(alice).get(`${list}?${query}limit=1`).expect(200);
      expect(page.body.next_cursor).toEqual(expect.any(String));
      const cursor = encodeURIComponent(page.body.next_cursor);
      // /playbooks has no user_id filter (it would be a 400 unknown field).
      for (const q of list === '/tasks' ? [query, '', 'user_id=alice&'] : ['']) {
        const res = await as(bob).get(`${list}?${q}limit=1&cursor=${cursor}`);
        expect({ path: list, q, status: res.status, code: res.body.code }).toEqual({ path: list, q, status: 400, code: 'invalid_cursor' });
      }
      // The same cursor under another filter is refused too: it was issued for one list only.
      if (list === '/tasks') {
        const other = await as(alice).get(`/tasks?${query === '' ? 'status=failed&' : ''}limit=1&cursor=${cursor}`);
        expect(other.body.code).toBe('invalid_cursor');
      }
    }
  });

  it('an admin sees both users’ tasks and cancels A’s task, recorded as canceled by the admin', async () => {
    const users = new Set((await allPages(admin, '/tasks?')).map((row) => row.user_id));
    expect(users).toEqual(new Set(['alice', 'bob']));
    expect((await as(admin).get(`/tasks/${lintTaskId}`).expect(200)).body.user_id).toBe('alice');
    expect((await as(admin).get(`/tasks/${lintTaskId}/result`).expect(200)).body.status).toBe('completed');
    const canceled = await as(admin).post(`/tasks/${pendingTaskId}/cancel`).expect(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', user_id: 'alice', canceled_by: 'root' });
    expect((await as(alice).get(`/tasks/${pendingTaskId}`).expect(200)).body).toMatchObject({ status: 'canceled', canceled_by: 'root' });
    for (const row of await allPages(admin, '/tasks?user_id=bob&')) expect(row.user_id).toBe('bob');
  });

  /** Every row of a list, page by page (2 a page, so that cursors are used). */
  async function allPages(token: string, path: string): Promise<Record<string, string>[]> {
    const rows: Record<string, string>[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await as(token).get(`${path}${path.endsWith('?') ? '' : '&'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      rows.push(...res.body.items);
      cursor = res.body.next_cursor;
    } while (cursor);
    return rows;
  }
});
