import request from 'supertest';
import { TasksService } from '../../src/tasks/tasks.service';
import { startTestApp, TestApp } from '../support/app';
import { openSse } from '../support/sse';
import { waitForTask } from '../support/wait';

/** The value of one series in Prometheus text, or undefined when it is absent. */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics after a known workload', () => {
  let t: TestApp;
  let alice: string;
  let text: string;
  const enqueue = (type: string, payload: Record<string, unknown> = {}) =>
    t.app.get(TasksService).enqueue(`diag.${type}`, 'alice', payload, {}).then((r) => r.task.id);
  const post = (path: string) => request(t.url).post(path).auth(alice, { type: 'bearer' });

  beforeAll(async () => {
    t = await startTestApp({ RELIA_TASK_CANCEL_GRACE_MS: '200', RELIA_TASK_MAX_WORKERS: '3' });
    alice = await t.token('alice');
    const noops = await Promise.all([enqueue('noop'), enqueue('noop'), enqueue('noop')]);
    const failing = await enqueue('fail');
    const timeout = await enqueue('stubborn', { ms: 30_000, timeout_ms: 300 });
    for (const id of [...noops, failing, timeout]) await waitForTask(t, alice, id);
    const held = await t.app.get(TasksService).createTask('diag.noop', 'alice');
    await post(`/tasks/${held.id}/cancel`).expect(200);
    const sleeping = await enqueue('sleep', { ms: 20_000, steps: 100 });
    await waitForTask(t, alice, sleeping, (x) => x.status === 'running');
    await post(`/tasks/${sleeping}/cancel`).expect(202);
    await waitForTask(t, alice, sleeping);
    await t.app.get(TasksService).createTask('diag.noop', 'alice'); // stays pending
    await request(t.url).get('/tasks/00000000-0000-7000-8000-000000000000').auth(alice, { type: 'bearer' }).expect(404);
    await request(t.url).get('/tasks').expect(401);
    // A stream of a finished task sends its state and ends: its "duration" is no request latency.
    await (await openSse(`${t.url}/tasks/${noops[0]}/events`, alice)).ended;
    const res = await request(t.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    text = res.text;
  }, 60_000);
  afterAll(() => t?.close());

  it('counts tasks created, started, completed, failed and canceled by type', () => {
    expect(value(text, 'relia_tasks_created_total', { type: 'diag.noop' })).toBe(5);
    expect(value(text, 'relia_tasks_started_total', { type: 'diag.noop' })).toBe(3);
    expect(value(text, 'relia_tasks_completed_total', { type: 'diag.noop' })).toBe(3);
    expect(value(text, 'relia_tasks_failed_total', { type: 'diag.fail', code: 'handler_error' })).toBe(1);
    expect(value(text, 'relia_tasks_failed_total', { type: 'diag.stubborn', code: 'timeout' })).toBe(1);
  });

  it('tells timeouts and cancels apart, cooperative from before-start', () => {
    expect(value(text, 'relia_task_timeouts_total', { type: 'diag.stubborn' })).toBe(1);
    expect(value(text, 'relia_tasks_canceled_total', { type: 'diag.noop', mode: 'pending' })).toBe(1);
    expect(value(text, 'relia_tasks_canceled_total', { type: 'diag.sleep', mode: 'cooperative' })).toBe(1);
  });

  it('has duration and queue-wait histograms with one observation per finished or started attempt', () => {
    expect(value(text, 'relia_task_duration_seconds_count', { type: 'diag.noop', status: 'completed' })).toBe(3);
    expect(value(text, 'relia_task_queue_wait_seconds_count', { type: 'diag.noop' })).toBe(3);
    expect(value(text, 'relia_task_duration_seconds_sum', { type: 'diag.stubborn', status: 'failed' })).toBeGreaterThanOrEqual(0.3);
  });

  it('gauges tasks by status, the pool and the dispatcher', () => {
    expect(value(text, 'relia_tasks', { status: 'pending' })).toBe(1);
    expect(value(text, 'relia_tasks', { status: 'running' })).toBe(0);
    expect(value(text, 'relia_worker_pool_size')).toBe(3);
    expect(value(text, 'relia_worker_pool_busy')).toBe(0);
    expect(value(text, 'relia_worker_pool_queue_length')).toBe(0);
    expect(value(text, 'relia_dispatcher_draining')).toBe(0);
  });

  it('times HTTP requests by route template and status, refusals included', () => {
    expect(value(text, 'relia_http_request_duration_seconds_count', { method: 'GET', route: '/tasks/:task_id', status: '404' })).toBe(1);
    expect(value(text, 'relia_http_request_duration_seconds_count', { method: 'GET', route: '/tasks', status: '401' })).toBe(1);
    expect(value(text, 'relia_http_request_duration_seconds_count', { method: 'POST', route: '/tasks/:task_id/cancel', status: '202' })).toBe(1);
  });

  it('leaves event streams out of the request durations', () => {
    expect(value(text, 'relia_http_request_duration_seconds_count', { route: '/tasks/:task_id/events' })).toBeUndefined();
  });

  it('exports Node process metrics', () => {
    expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});
