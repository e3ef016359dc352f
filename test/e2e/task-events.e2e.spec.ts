import { Client } from 'pg';
import request from 'supertest';
import { CHANNELS } from '../../src/database/pg-listener';
import { Dispatcher } from '../../src/executor/dispatcher';
import { TasksService } from '../../src/tasks/tasks.service';
import { startTestApp, TestApp } from '../support/app';
import { openSse, SseClient } from '../support/sse';
import { waitForTask } from '../support/wait';

/**
 * Live task events across two replicas on one database. Replica B is drained (it runs nothing),
 * so every change a stream on B shows was made on A and reached B through NOTIFY.
 */
describe('live task events (SSE) across replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let alice: string;
  let bob: string;
  let admin: string;
  const streams: SseClient[] = [];
  const open = async (url: string, token: string, headers: Record<string, string> = {}): Promise<SseClient> => {
    const s = await openSse(url, token, headers);
    streams.push(s);
    return s;
  };
  const enqueue = (type: string, payload: Record<string, unknown> = {}, user = 'alice') =>
    a.app.get(TasksService).enqueue(`diag.${type}`, user, payload, {}).then((r) => r.task.id);

  beforeAll(async () => {
    a = await startTestApp({ RELIA_TASK_PROGRESS_INTERVAL_MS: '50' });
    b = await startTestApp({ RELIA_EVENTS_HEARTBEAT_SECONDS: '1' }, a);
    await b.app.get(Dispatcher).drain();
    [alice, bob, admin] = await Promise.all([a.token('alice'), a.token('bob'), a.token('root', { admin: true })]);
  }, 30_000);
  afterEach(() => streams.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('sends the state at once, then every status and progress change made on the other replica, then ends', async () => {
    const held = await a.app.get(TasksService).createTask('diag.sleep', 'alice');
    const s = await open(`${b.url}/tasks/${held.id}/events`, alice);
    expect(s.status).toBe(200);
    expect(s.contentType).toMatch(/^text\/event-stream/);
    await s.next((e) => e.data.status === 'pending');
    await a.app.get(TasksService).submitTask(held.id, { ms: 600, steps: 4 });
    await s.ended;
    const statuses = s.events.map((e) => e.data.status);
    expect(statuses[0]).toBe('pending');
    expect(statuses).toContain('running');
    expect(statuses[statuses.length - 1]).toBe('completed');
    const progress = s.events.filter((e) => e.data.status === 'running').map((e) => e.data.progress);
    expect(progress.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(1);
    const ids = s.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(s.events[s.events.length - 1].data).toMatchObject({ task_id: held.id, user_id: 'alice', type: 'diag.sleep', progress: 100 });
  });

  it('carries a cancel made through the other replica’s API', async () => {
    const held = await a.app.get(TasksService).createTask('diag.noop', 'alice');
    const s = await open(`${b.url}/tasks/${held.id}/events`, alice);
    await s.next((e) => e.data.status === 'pending');
    await request(a.url).post(`/tasks/${held.id}/cancel`).auth(alice, { type: 'bearer' }).expect(200);
    expect((await s.next((e) => e.data.status === 'canceled')).data.error).toMatchObject({ code: 'canceled' });
    await s.ended;
  });

  it('answers 404 for another user’s or an unknown task, and lets an admin watch any task', async () => {
    const id = await enqueue('noop');
    await waitForTask(a, alice, id);
    const foreign = await fetch(`${b.url}/tasks/${id}/events`, { headers: { authorization: `Bearer ${bob}` } });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { code: string }).code).toBe('not_found');
    const unknown = await fetch(`${b.url}/tasks/00000000-0000-7000-8000-000000000000/events`, { headers: { authorization: `Bearer ${alice}` } });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${b.url}/tasks/${id}/events`)).status).toBe(401);
    const s = await open(`${b.url}/tasks/${id}/events`, admin);
    await s.ended;
    expect(s.events.map((e) => e.data.status)).toEqual(['completed']);
  });

  it('resumes with Last-Event-ID: nothing again when the client is current, the current state when it is behind', async () => {
    const id = await enqueue('noop');
    await waitForTask(a, alice, id);
    const first = await open(`${b.url}/tasks/${id}/events`, alice);
    await first.ended;
    const lastId = first.events[0].id!;
    const current = await open(`${b.url}/tasks/${id}/events`, alice, { 'Last-Event-ID': lastId });
    await current.ended;
    expect(current.events).toEqual([]);
    const behind = await open(`${b.url}/tasks/${id}/events`, alice, { 'Last-Event-ID': '1' });
    await behind.ended;
    expect(behind.events.map((e) => [e.id, e.data.status])).toEqual([[lastId, 'completed']]);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const held = await a.app.get(TasksService).createTask('diag.noop', 'alice');
    const s = await open(`${b.url}/tasks/${held.id}/events`, alice);
    const deadline = Date.now() + 3000;
    while (!s.comments.includes('heartbeat') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(s.comments).toContain('heartbeat');
  });

  it('streams all of a user’s own tasks on GET /tasks/events, and everyone’s to an admin', async () => {
    const mine = await open(`${b.url}/tasks/events`, alice);
    const all = await open(`${b.url}/tasks/events`, admin);
    const bobs = await enqueue('noop', {}, 'bob');
    const alices = await enqueue('noop', {}, 'alice');
    await mine.next((e) => e.data.task_id === alices && e.data.status === 'completed');
    await all.next((e) => e.data.task_id === alices && e.data.status === 'completed');
    await all.next((e) => e.data.task_id === bobs && e.data.status === 'completed');
    expect(mine.events.every((e) => e.data.user_id === 'alice')).toBe(true);
    expect(mine.events.some((e) => e.data.task_id === bobs)).toBe(false);
  });

  it('publishes task changes only while a stream is open on some replica', async () => {
    // A bare listener on the changes channel: it holds no streams lock, so it counts for nothing.
    const raw = new Client({ connectionString: a.db.url });
    await raw.connect();
    const heard = new Set<string>();
    raw.on('notification', (n) => (JSON.parse(n.payload ?? '[]') as { task_id: string }[]).forEach((c) => heard.add(c.task_id)));
    await raw.query(`LISTEN ${CHANNELS.taskEvent}`);
    const locksHeld = async (): Promise<number> => (await raw.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND database =
         (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n;
    const untilLocks = async (n: number): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while ((await locksHeld()) !== n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await locksHeld()).toBe(n);
    };
    try {
      // Streams of earlier tests close asynchronously on the server.
      await untilLocks(0);
      const unwatched = await enqueue('noop');
      await waitForTask(a, alice, unwatched);
      await new Promise((r) => setTimeout(r, 200));
      expect(heard.has(unwatched)).toBe(false);

      const s = await open(`${b.url}/tasks/events`, alice);
      const watched = await enqueue('noop');
      await s.next((e) => e.data.task_id === watched && e.data.status === 'completed');
      // The stream's replica and this listener hear the same NOTIFY, each through its own backend,
      // which PostgreSQL signals one after the other: the stream may show the change first.
      const deadline = Date.now() + 2000;
      while (!heard.has(watched) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heard.has(watched)).toBe(true);

      s.close();
      await untilLocks(0);
      const after = await enqueue('noop');
      await waitForTask(a, alice, after);
      await new Promise((r) => setTimeout(r, 200));
      expect(heard.has(after)).toBe(false);
    } finally {
      await raw.end();
    }
  });

  it('keeps a stream fed across a lost LISTEN connection: the streams lock is taken again on reconnection', async () => {
    const s = await open(`${b.url}/tasks/events`, alice);
    const sql = new Client({ connectionString: a.db.url });
    await sql.connect();
    const listeners = async (): Promise<number[]> => (await sql.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'relia-listener' AND datname = current_database()`)).rows.map((r) => r.pid);
    /** Backends other than `old` holding the streams lock (shared). */
    const streamLocks = async (old: number[] = []): Promise<number> => (await sql.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity s USING (pid)
        WHERE l.locktype = 'advisory' AND l.mode = 'ShareLock' AND s.application_name = 'relia-listener'
          AND s.datname = current_database() AND NOT (l.pid = ANY($1))`, [old])).rows[0].n;
    try {
      expect(await streamLocks()).toBe(1);
      const old = await listeners();
      await sql.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [old]);
      // The new LISTEN connection (not one of the terminated backends) holds the lock again.
      const deadline = Date.now() + 10_000;
      while ((await streamLocks(old)) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await streamLocks(old)).toBe(1);
      const id = await enqueue('noop');
      await s.next((e) => e.data.task_id === id && e.data.status === 'completed');
    } finally {
      await sql.end();
    }
  });
});
