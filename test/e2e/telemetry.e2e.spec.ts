import request from 'supertest';
import { DataSource } from 'typeorm';
import { TaskCleanupJob } from '../../src/tasks/task-cleanup.job';
import { TasksService } from '../../src/tasks/tasks.service';
import { TelemetryWriter } from '../../src/telemetry/telemetry.writer';
import { startTestApp, TestApp } from '../support/app';
import { waitForTask } from '../support/wait';

describe('GET /tasks/{task_id}/telemetry and telemetry retention', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let admin: string;
  const get = (path: string, token: string) => request(t.url).get(path).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    t = await startTestApp({ RELIA_TELEMETRY_RETENTION_HOURS: '48' });
    [alice, bob, admin] = await Promise.all([t.token('alice'), t.token('bob'), t.token('root', { admin: true })]);
  }, 30_000);
  afterAll(() => t?.close());

  it('lists a task’s stored lifecycle events in order, to its owner and to admins only', async () => {
    const { task } = await t.app.get(TasksService).enqueue('diag.noop', 'alice', {}, {});
    await waitForTask(t, alice, task.id);
    await t.app.get(TelemetryWriter).flush();
    const res = await get(`/tasks/${task.id}/telemetry`, alice).expect(200);
    expect(res.body.items.map((e: { name: string }) => e.name)).toEqual(['task_created', 'task_started', 'task_completed']);
    expect(res.body.items[1]).toMatchObject({ task_id: task.id, user_id: 'alice', task_type: 'diag.noop',
      attributes: { attempt: 1, queue_ms: expect.any(Number) } });
    expect((await get(`/tasks/${task.id}/telemetry`, bob).expect(404)).body.code).toBe('not_found');
    expect((await get(`/tasks/${task.id}/telemetry`, admin).expect(200)).body.items).toHaveLength(3);
    await get('/tasks/00000000-0000-7000-8000-000000000000/telemetry', alice).expect(404);
    await get('/tasks/not-a-uuid/telemetry', alice).expect(400);
  });

  it('answers an empty list for an own task with nothing stored yet', async () => {
    const held = await t.app.get(TasksService).createTask('diag.noop', 'bob');
    await t.app.get(TelemetryWriter).flush(); // or the batched task_created lands after the DELETE
    await t.app.get(DataSource).query('DELETE FROM telemetry_events WHERE task_id = $1', [held.id]);
    expect((await get(`/tasks/${held.id}/telemetry`, bob).expect(200)).body.items).toEqual([]);
  });

  it('removes events older than RELIA_TELEMETRY_RETENTION_HOURS in the cleanup job, and keeps the rest', async () => {
    const db = t.app.get(DataSource);
    await db.query(`INSERT INTO telemetry_events (name, task_id, user_id, task_type, occurred_at, attributes)
      SELECT 'task_created', gen_random_uuid(), 'old', 'diag.noop', now() - interval '49 hours', '{}' FROM generate_series(1, 7)`);
    await db.query(`INSERT INTO telemetry_events (name, task_id, user_id, task_type, occurred_at, attributes)
      VALUES ('task_created', gen_random_uuid(), 'recent', 'diag.noop', now() - interval '47 hours', '{}')`);
    await t.app.get(TaskCleanupJob).run();
    const [{ old, recent }] = await db.query(`SELECT count(*) FILTER (WHERE user_id = 'old')::int AS old,
      count(*) FILTER (WHERE user_id = 'recent')::int AS recent FROM telemetry_events`);
    expect({ old, recent }).toEqual({ old: 0, recent: 1 });
  });
});
