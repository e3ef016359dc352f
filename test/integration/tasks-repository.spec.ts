import { DataSource } from 'typeorm';
import { uuidv7 } from '../../src/common/uuid';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { NewTask, TasksRepository } from '../../src/tasks/tasks.repository';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The invariants of DESIGN.md §2, on the real SQL against a real PostgreSQL. */
describe('TasksRepository: guarded moves', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let repo: TasksRepository;
  const newTask = (over: Partial<NewTask> = {}): NewTask => ({
    id: uuidv7(), type: 'diag.noop', userId: 'alice', payload: {}, details: {}, priority: 0, maxAttempts: 2,
    idempotencyKey: null, requestHash: null, held: false, ...over,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 20)).initialize();
    repo = new TasksRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  beforeEach(() => ds.query('DELETE FROM tasks'));

  it('never lets two claimers take the same task (SKIP LOCKED), and claims in priority order', async () => {
    for (let i = 0; i < 200; i++) await repo.insert(newTask({ priority: i % 3 }), 10_000);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.claim(`r${i}`, 30_000, 25)));
    const ids = claims.flat().map((t) => t.id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    const [first] = await Promise.all([repo.insert(newTask({ priority: -5 }), 10), repo.insert(newTask({ priority: 5 }), 10)]);
    const [next] = await repo.claim('r', 30_000, 1);
    expect(next.priority).toBe(5);
    expect(first?.priority).toBe(-5);
  });

  it('prefetch claims take only the given types, only near the head of the line, never twice', async () => {
    const line = ['slow', 'fast', 'slow', 'fast', 'slow', 'slow', 'slow', 'fast'];
    for (const type of line) await repo.insert(newTask({ type }), 10_000);
    const only = { types: ['fast'], horizon: 4 };
    const [a, b] = await Promise.all([repo.claim('r1', 30_000, 10, only), repo.claim('r2', 30_000, 10, only)]);
    const claimed = [...a, ...b];
    // The two fast tasks among the first four in line; the third lies past the horizon, even
    // after the head moved (four slow ones wait before it).
    expect(claimed.map((t) => t.type)).toEqual(['fast', 'fast']);
    expect(new Set(claimed.map((t) => t.id)).size).toBe(2);
    expect(await repo.claim('r3', 30_000, 10, only)).toEqual([]);
    expect((await repo.claim('r4', 30_000, 10)).map((t) => t.type).sort()).toEqual(['fast', 'slow', 'slow', 'slow', 'slow', 'slow']);
  });

  it('fences every write of a running task on its attempt: a stale attempt changes nothing', async () => {
    const task = (await repo.insert(newTask(), 10))!;
    const [stale] = await repo.claim('old', 1, 1);
    await new Promise((r) => setTimeout(r, 20));
    const recovered = await repo.recoverExpired(10);
    expect(recovered.map((t) => [t.id, t.status])).toEqual([[task.id, 'pending']]);
    const [fresh] = await repo.claim('new', 30_000, 1);
    expect(fresh.attempt).toBe(stale.attempt + 1);

    expect(await repo.complete(stale, { from: 'stale' })).toBeNull();
    await repo.writeProgress([{ ...stale, progress: 99, details: { from: 'stale' } }]);
    expect(await repo.renewLeases('old', [stale], 30_000)).toEqual([]);
    const completed = await repo.complete(fresh, { from: 'fresh' }, { step: 'last' });
    expect(await repo.complete(fresh, { from: 'twice' })).toBeNull();
    const row = await repo.findVisible(task.id);
    expect(row).toMatchObject({ status: 'completed', result: { from: 'fresh' }, progress: 100, details: { step: 'last' } });
    // The completed task it answers (built from the claimed one) is the row as stored.
    expect(completed).toEqual(row);
  });

  it('fails a lost task with worker_lost once its attempts are used up, and cancels a lost canceled one', async () => {
    const a = (await repo.insert(newTask({ maxAttempts: 1 }), 10))!;
    await repo.claim('dead', 1, 1);
    const b = (await repo.insert(newTask(), 10))!;
    await repo.claim('dead', 1, 1);
    await repo.requestCancel(b.id, 'alice');
    await new Promise((r) => setTimeout(r, 20));
    const recovered = await repo.recoverExpired(10);
    const byId = new Map(recovered.map((t) => [t.id, t]));
    expect(byId.get(a.id)).toMatchObject({ status: 'failed', error: { code: 'worker_lost' } });
    expect(byId.get(b.id)).toMatchObject({ status: 'canceled', cancelMode: 'forced', error: { code: 'canceled' } });
  });

  it('makes only the moves that exist', async () => {
    const t = (await repo.insert(newTask(), 10))!;
    expect(await repo.requestCancel(t.id, 'alice')).toBeNull(); // pending: cancel is immediate instead
    expect((await repo.cancelPending(t.id, 'alice'))?.status).toBe('canceled');
    expect(await repo.cancelPending(t.id, 'alice')).toBeNull();
    expect(await repo.claim('r', 30_000, 1)).toEqual([]);
    expect(await repo.complete({ ...t, attempt: 0 }, {})).toBeNull();
  });

  it('bounds each user’s backlog and keeps a held task out of reach until it is submitted', async () => {
    expect(await repo.insert(newTask(), 2)).not.toBeNull();
    expect(await repo.insert(newTask(), 2)).not.toBeNull();
    expect(await repo.insert(newTask(), 2)).toBeNull();
    expect(await repo.insert(newTask({ userId: 'bob', held: true }), 2)).not.toBeNull();
    const claimed = await repo.claim('r', 30_000, 10);
    expect(claimed.map((t) => t.userId)).toEqual(['alice', 'alice']);
  });

  it('deletes only finished tasks past their retention, in batches', async () => {
    const old = new Date(Date.now() - 48 * 3600_000);
    for (const status of ['completed', 'failed', 'canceled', 'pending', 'running']) {
      const t = (await repo.insert(newTask(), 100))!;
      await ds.query(`UPDATE tasks SET status = $2, completed_at = $3 WHERE id = $1`, [t.id, status, old]);
    }
    const recentlyFailed = (await repo.insert(newTask(), 100))!;
    await ds.query(`UPDATE tasks SET status = 'failed', completed_at = now() WHERE id = $1`, [recentlyFailed.id]);
    const cutoff = new Date(Date.now() - 24 * 3600_000);
    expect(await repo.deleteFinished(cutoff, cutoff, 2)).toBe(2);
    expect(await repo.deleteFinished(cutoff, cutoff, 2)).toBe(1);
    expect(await repo.deleteFinished(cutoff, cutoff, 2)).toBe(0);
    const left = await ds.query(`SELECT status FROM tasks ORDER BY status`);
    expect(left.map((r: { status: string }) => r.status)).toEqual(['failed', 'pending', 'running']);
  });
});
