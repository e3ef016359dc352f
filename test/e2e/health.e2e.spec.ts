import { HealthIndicatorService } from '@nestjs/terminus';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TOKEN_VERIFIER } from '../../src/auth/principal';
import { PgListener } from '../../src/database/pg-listener';
import { Dispatcher } from '../../src/executor/dispatcher';
import { ReadinessChecks } from '../../src/health/readiness.checks';
import { TasksService } from '../../src/tasks/tasks.service';
import { startTestApp, TestApp } from '../support/app';
import { waitForTask } from '../support/wait';


describe('health probes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RELIA_SHUTDOWN_GRACE_SECONDS: '1', RELIA_TASK_CANCEL_GRACE_MS: '200' });
  }, 30_000);
  afterAll(() => t?.close());

  it('is ready with every part up, migrations included', async () => {
    const res = await request(t.url).get('/health/ready').expect(200);
    expect(Object.keys(res.body.info).sort()).toEqual(['auth', 'database', 'executor', 'migrations', 'notifications', 'test_runner']);
    expect(res.body.info.migrations.status).toBe('up');
  });

  it('reports migrations pending when the schema lags behind the build', async () => {
    const db = t.app.get(DataSource);
    const [last] = await db.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
    await db.query(`DELETE FROM migrations WHERE name = $1`, [last.name]);
    try {
      const fresh = new ReadinessChecks(t.app.get(HealthIndicatorService), db, t.app.get(PgListener), t.app.get(Dispatcher),
        t.app.get(TOKEN_VERIFIER));
      expect(await fresh.migrations()).toEqual({ migrations: { status: 'down', message: 'migrations pending' } });
    } finally {
      await db.query(`INSERT INTO migrations (timestamp, name) VALUES ($1, $2)`, [Number(last.name.slice(-13)), last.name]);
    }
  });

  it('turns not ready (503) while draining with a task running, and stays live', async () => {
    const alice = await t.token('alice');
    const { task } = await t.app.get(TasksService).enqueue('diag.sleep', 'alice', { ms: 10_000, steps: 100 }, {});
    await waitForTask(t, alice, task.id, (x) => x.status === 'running');
    const drained = t.app.get(Dispatcher).drain();
    const res = await request(t.url).get('/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error.executor).toEqual({ status: 'down', message: 'shutting down' });
    await request(t.url).get('/health/live').expect(200);
    await drained;
    // The running task was handed back for another replica, not lost.
    expect((await request(t.url).get(`/tasks/${task.id}`).auth(alice, { type: 'bearer' })).body.status).toBe('pending');
  });
});
