import request from 'supertest';
import { TasksService } from '../../src/tasks/tasks.service';
import { startTestApp, TestApp } from '../support/app';
import { waitForTask } from '../support/wait';
import { isAlive } from '../support/processes';

describe('tasks API and executor, end to end', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let admin: string;
  const enqueue = (type: string, payload: Record<string, unknown> = {}, user = 'alice') =>
    t.app.get(TasksService).enqueue(`diag.${type}`, user, payload, {}).then((r) => r.task.id);
  const get = (path: string, token: string) => request(t.url).get(path).auth(token, { type: 'bearer' });
  const post = (path: string, token: string) => request(t.url).post(path).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    t = await startTestApp({ RELIA_TASK_CANCEL_GRACE_MS: '300', RELIA_TASK_MAX_WORKERS: '2' });
    [alice, bob, admin] = await Promise.all([t.token('alice'), t.token('bob'), t.token('root', { admin: true })]);
  });
  afterAll(() => t.close());

  it('runs a task to completion with its result', async () => {
    const id = await enqueue('noop', { message: 'hi' });
    expect(await waitForTask(t, alice, id)).toMatchObject({ status: 'completed', progress: 100, attempt: 1 });
    const res = await get(`/tasks/${id}/result`, alice).expect(200);
    const result = { ok: true, echo: 'hi', attempt: 1, pid: process.pid, started_ms: expect.any(Number) };
    expect(res.body).toEqual({ task_id: id, status: 'completed', result, error: null });
  });

  it('reports progress while a task runs, and 409 for its result until it finishes', async () => {
    const id = await enqueue('sleep', { ms: 1500, steps: 6 });
    const running = await waitForTask(t, alice, id, (x) => x.status === 'running' && (x.progress as number) > 0);
    expect(running.details.step).toMatch(/^sleep \d\/6$/);
    const early = await get(`/tasks/${id}/result`, alice).expect(409);
    expect(early.body.code).toBe('task_not_finished');
    // The last progress the work reported is kept with the result (written in the same statement).
    expect(await waitForTask(t, alice, id)).toMatchObject({ status: 'completed', progress: 100, details: { step: 'sleep 6/6' } });
  });

  it('fails a task whose handler throws with a clear error, and the pool serves the next task', async () => {
    const failed = await enqueue('fail', { message: 'the playbook exploded' });
    const task = await waitForTask(t, alice, failed);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'handler_error', message: 'the playbook exploded' } });
    expect(JSON.stringify(task)).not.toMatch(/at .*\.ts:\d+/);
    const next = await enqueue('noop');
    expect((await waitForTask(t, alice, next)).status).toBe('completed');
  });

  it('cancels a pending task at once, and answers 409 for a finished one', async () => {
    const held = await t.app.get(TasksService).createTask('diag.noop', 'alice', { note: 'held' });
    const res = await post(`/tasks/${held.id}/cancel`, alice).expect(200);
    expect(res.body).toMatchObject({ status: 'canceled', canceled_by: 'alice', error: { code: 'canceled' } });
    expect((await post(`/tasks/${held.id}/cancel`, alice).expect(409)).body.code).toBe('task_finished');
  });

  it('stops a running task cooperatively through its AbortSignal', async () => {
    const id = await enqueue('sleep', { ms: 20_000, steps: 200 });
    await waitForTask(t, alice, id, (x) => x.status === 'running');
    const res = await post(`/tasks/${id}/cancel`, alice).expect(202);
    expect(res.body.cancel_requested_at).toEqual(expect.any(String));
    const done = await waitForTask(t, alice, id, undefined, 5000);
    expect(done).toMatchObject({ status: 'canceled', cancel_mode: 'cooperative', canceled_by: 'alice' });
  });

  it('forces a handler that ignores its signal, and kills the processes it started', async () => {
    const stubborn = await enqueue('stubborn', { ms: 60_000 });
    await waitForTask(t, alice, stubborn, (x) => x.status === 'running');
    await post(`/tasks/${stubborn}/cancel`, alice).expect(202);
    expect(await waitForTask(t, alice, stubborn, undefined, 5000)).toMatchObject({ status: 'canceled', cancel_mode: 'forced' });

    const child = await enqueue('child', { ms: 60_000 });
    const running = await waitForTask(t, alice, child, (x) => typeof (x.details as { pid?: unknown }).pid === 'number');
    expect(isAlive(running.details.pid)).toBe(true);
    await post(`/tasks/${child}/cancel`, alice).expect(202);
    await waitForTask(t, alice, child, undefined, 5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(running.details.pid)).toBe(false);
  });

  it('fails a task that outruns its time limit with code timeout, and really stops it', async () => {
    const id = await enqueue('stubborn', { ms: 60_000, timeout_ms: 500 });
    const task = await waitForTask(t, alice, id, undefined, 5000);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    const next = await enqueue('noop');
    expect((await waitForTask(t, alice, next, undefined, 5000)).status).toBe('completed');
  });

  it('hides a task from other users (404, as if unknown) and shows every task to an admin', async () => {
    const id = await enqueue('noop');
    await waitForTask(t, alice, id);
    for (const path of [`/tasks/${id}`, `/tasks/${id}/result`]) {
      const res = await get(path, bob).expect(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await post(`/tasks/${id}/cancel`, bob).expect(404)).body.code).toBe('not_found');
    const unknown = await get('/tasks/00000000-0000-7000-8000-000000000000', bob).expect(404);
    expect(unknown.body.detail).toBe((await get(`/tasks/${id}`, bob)).body.detail);
    expect((await get('/tasks', bob).expect(200)).body.items.map((x: { user_id: string }) => x.user_id)).not.toContain('alice');
    expect((await get(`/tasks/${id}`, admin).expect(200)).body.user_id).toBe('alice');
    const own = await get('/tasks?user_id=alice&limit=100', admin).expect(200);
    expect(own.body.items.every((x: { user_id: string }) => x.user_id === 'alice')).toBe(true);
  });

  it('rejects a cursor made for another user or tampered with', async () => {
    await enqueue('noop', {}, 'bob');
    await enqueue('noop', {}, 'bob');
    const page = await get('/tasks?limit=1', bob).expect(200);
    const cursor = encodeURIComponent(page.body.next_cursor);
    expect((await get(`/tasks?limit=1&cursor=${cursor}`, alice).expect(400)).body.code).toBe('invalid_cursor');
    const tampered = encodeURIComponent(`x${page.body.next_cursor}`);
    expect((await get(`/tasks?limit=1&cursor=${tampered}`, bob).expect(400)).body.code).toBe('invalid_cursor');
  });
});
