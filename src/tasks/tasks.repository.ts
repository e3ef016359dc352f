import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Position } from '../common/cursor';
import { PreparedStatements } from '../database/prepared';
import { type Row, TASK_COLUMNS, TASK_SUMMARY_COLUMNS, toTask } from './task-row';
import type { Task, TaskErrorInfo } from './task.entity';
import type { TaskStatus } from './task-status';

export interface NewTask {
  id: string;
  type: string;
  userId: string;
  payload: Record<string, unknown>;
  details: Record<string, unknown>;
  priority: number;
  maxAttempts: number;
  idempotencyKey: string | null;
  requestHash: string | null;
  /** Created but not yet submitted: never claimed until `release`. */
  held: boolean;
}

export interface TaskFilter {
  /** Undefined: every user's tasks (admins). */
  userId?: string;
  status?: TaskStatus;
  type?: string;
}

/** A running task as its owner knows it: fencing writes name the attempt they belong to. */
export interface Fence {
  id: string;
  attempt: number;
}

/** What a prefetch claim may take: tasks of these types, among the first `horizon` in line. */
export interface PrefetchFilter {
  types: readonly string[];
  horizon: number;
}

export interface Completion {
  /** The running task as its attempt claimed it (its id and attempt fence the write). */
  task: Task;
  result: unknown;
  /** The last progress details the work reported, merged in the same write. */
  details?: Record<string, unknown>;
}

export interface ProgressWrite extends Fence {
  progress: number;
  details: Record<string, unknown>;
}

/**
 * The running attempts named by the arrays `ids` and `attempts` (fenced), locked in id order.
 * Every statement that updates several running rows locks them this way: the lease renewal, a
 * batch of completions and a progress flush touch the same rows from separate connections, and
 * in join order they deadlocked (seen under load: a 1 s deadlock wait then cost a 3 s lease).
 */
const LOCK_IN_ID_ORDER = (ids: string, attempts: string, extra = 'true'): string =>
  `SELECT t.id FROM tasks t JOIN unnest(${ids}::uuid[], ${attempts}::int[]) AS f(id, attempt)
       ON t.id = f.id AND t.attempt = f.attempt
    WHERE t.status = 'running' AND ${extra}
    ORDER BY t.id FOR UPDATE OF t`;

/**
 * The tasks table. Every status change is one conditional statement whose WHERE clause states
 * the move it makes, so two replicas can never both make it (DESIGN.md §2).
 */
@Injectable()
export class TasksRepository {
  /** For the statements every API request makes (insert, get, list): planned once per connection. */
  private readonly prepared: PreparedStatements;

  constructor(private readonly db: DataSource) {
    this.prepared = new PreparedStatements(db);
  }

  /**
   * Inserts unless the user already has `maxPending` tasks waiting; answers null then. The
   * count is bounded (LIMIT) so the check costs the same for a user with a million rows.
   */
  async insert(task: NewTask, maxPending: number): Promise<Task | null> {
    const rows = await this.prepared.rows('tasks.insert',
      `INSERT INTO tasks (id, type, user_id, payload, details, priority, max_attempts, idempotency_key, request_hash,
                          run_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $11::boolean THEN 'infinity'::timestamptz ELSE now() END
       WHERE (SELECT count(*) FROM (SELECT 1 FROM tasks WHERE user_id = $3 AND status = 'pending' LIMIT $10) p) < $10
       ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING ${TASK_COLUMNS}`,
      [task.id, task.type, task.userId, task.payload, task.details, task.priority, task.maxAttempts,
        task.idempotencyKey, task.requestHash, maxPending, task.held],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }

  /** Submits a held task: sets its payload and makes it runnable now. */
  async release(id: string, payload: Record<string, unknown>): Promise<Task | null> {
    const [rows] = await this.db.query(
      `UPDATE tasks SET payload = $2, run_at = now()
        WHERE id = $1 AND status = 'pending' AND run_at = 'infinity'
       RETURNING ${TASK_COLUMNS}`,
      [id, payload],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }

  /** Progress from outside a worker (the seed's update_task_progress): any running attempt. */
  async setProgress(id: string, progress: number, details: Record<string, unknown>): Promise<Task | null> {
    const [rows] = await this.db.query(
      `UPDATE tasks SET progress = $2, details = details || $3 WHERE id = $1 AND status = 'running' RETURNING ${TASK_COLUMNS}`,
      [id, progress, details],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<Task | null> {
    const rows = await this.db.query(`SELECT ${TASK_COLUMNS} FROM tasks WHERE user_id = $1 AND idempotency_key = $2`, [
      userId,
      key,
    ]);
    return rows[0] ? toTask(rows[0]) : null;
  }

  /**
   * The task if it exists and `userId` may see it (undefined: anyone's, for admins). `summary`
   * leaves out payload and result, which the status view never shows and which can be large.
   */
  async findVisible(id: string, userId?: string, view: 'full' | 'summary' = 'full'): Promise<Task | null> {
    const columns = view === 'full' ? TASK_COLUMNS : TASK_SUMMARY_COLUMNS;
    const rows = await this.prepared.rows(`tasks.find.${view}`,
      `SELECT ${columns} FROM tasks WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)`, [id, userId ?? null]);
    return rows[0] ? toTask(rows[0]) : null;
  }

  /**
   * Newest first, keyset-paginated on (created_at, id): flat cost however deep the page. Each
   * combination of filters is its own prepared statement with only the conditions it needs, so
   * its one (generic) plan starts the index scan at the cursor: a catch-all
   * `$4 IS NULL OR (created_at, id) < ...` would be planned as a filter, read from the top of
   * the list, and cost grows with depth.
   */
  async list(filter: TaskFilter, after: Position | undefined, limit: number): Promise<Task[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const shape: string[] = [];
    const add = (name: string, condition: (n: number) => string, ...vals: unknown[]) => {
      shape.push(name);
      where.push(condition(values.length + 1));
      values.push(...vals);
    };
    if (filter.userId !== undefined) add('user', (n) => `user_id = $${n}`, filter.userId);
    if (filter.status !== undefined) add('status', (n) => `status = $${n}`, filter.status);
    if (filter.type !== undefined) add('type', (n) => `type = $${n}`, filter.type);
    if (after) add('after', (n) => `(created_at, id) < ($${n}::timestamptz, $${n + 1}::uuid)`, after.createdAt, after.id);
    values.push(limit);
    const rows = await this.prepared.rows(`tasks.list.${shape.join('.')}`,
      `SELECT ${TASK_SUMMARY_COLUMNS} FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toTask);
  }

  /**
   * Unfinished tasks (and, with `finishedSince`, those finished since then), oldest first: what a
   * live stream shows on connect. Pending and running rows are few; the partial indexes find them.
   */
  async listActive(userId: string | undefined, finishedSince: Date | null, limit: number): Promise<Task[]> {
    const rows = await this.db.query(
      `SELECT ${TASK_SUMMARY_COLUMNS} FROM tasks
        WHERE ($1::text IS NULL OR user_id = $1)
          AND (status IN ('pending', 'running') OR ($2::timestamptz IS NOT NULL AND completed_at >= $2))
        ORDER BY created_at, id
        LIMIT $3`,
      [userId ?? null, finishedSince, limit],
    );
    return rows.map(toTask);
  }

  /**
   * Claims up to `limit` runnable tasks for `owner`. SKIP LOCKED lets replicas claim side by side
   * without waiting on each other; `claimable_tasks` reads the head of the partial claim index in
   * order, never sorting the backlog (see its migration for why it is a function). With `only`,
   * a prefetch: tasks of those types among the first `horizon` in line.
   */
  async claim(owner: string, leaseMs: number, limit: number, only?: PrefetchFilter): Promise<Task[]> {
    const source = only ? 'claimable_tasks_of($3, $4, $5)' : 'claimable_tasks($3)';
    const rows = await this.prepared.rows(only ? 'tasks.claim.of' : 'tasks.claim',
      `UPDATE tasks t
          SET status = 'running', attempt = t.attempt + 1, lease_owner = $1,
              lease_expires_at = now() + $2 * interval '1 millisecond', started_at = now()
        WHERE t.id IN (SELECT ${source})
       RETURNING ${TASK_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1t.$2')}`,
      only ? [owner, leaseMs, limit, only.types, only.horizon] : [owner, leaseMs, limit],
    );
    return rows.map(toTask);
  }

  /**
   * Renews the leases of the owner's running attempts in one statement. Answers the ones still
   * held, with their cancel requests (a fallback for a missed NOTIFY); any other was lost.
   */
  async renewLeases(owner: string, fences: Fence[], leaseMs: number): Promise<{ id: string; cancelRequested: boolean }[]> {
    if (fences.length === 0) return [];
    const [rows] = await this.db.query(
      `WITH mine AS (${LOCK_IN_ID_ORDER('$3', '$4', `t.lease_owner = $1`)})
       UPDATE tasks t SET lease_expires_at = now() + $2 * interval '1 millisecond' FROM mine WHERE t.id = mine.id
       RETURNING t.id, t.cancel_requested_at IS NOT NULL AS cancel_requested`,
      [owner, leaseMs, fences.map((f) => f.id), fences.map((f) => f.attempt)],
    );
    return rows.map((r: { id: string; cancel_requested: boolean }) => ({ id: r.id, cancelRequested: r.cancel_requested }));
  }

  /** Writes the latest progress of several running attempts at once (coalesced upstream). */
  async writeProgress(writes: ProgressWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.db.query(
      `WITH mine AS (${LOCK_IN_ID_ORDER('$1', '$2')})
       UPDATE tasks t SET progress = w.progress, details = t.details || w.details
         FROM mine, unnest($1::uuid[], $3::smallint[], $4::jsonb[]) AS w(id, progress, details)
        WHERE t.id = mine.id AND w.id = mine.id`,
      [writes.map((w) => w.id), writes.map((w) => w.attempt), writes.map((w) => w.progress),
        writes.map((w) => JSON.stringify(w.details))],
    );
  }

  /** running → completed, once: a stale attempt's result changes nothing (answers null). */
  async complete(task: Task, result: unknown, details?: Record<string, unknown>): Promise<Task | null> {
    return (await this.completeEach([{ task, result, details }]))[0] ?? null;
  }

  /**
   * running → completed for several attempts in one statement (a batch of finished work), each
   * still fenced on its own attempt; answers the tasks it completed (stale attempts are absent).
   * Only what the write decided is read back, the rest is the task as claimed: reading back every
   * column of every row cost the replica more than the write itself.
   * Not a prepared statement, like the other statements over arrays: planned with the arrays in
   * hand, PostgreSQL knows how many rows they hold; a generic plan assumes 100 and joined worse
   * (PostgreSQL CPU per no-op task 105 → 170 µs when this was prepared).
   */
  async completeEach(results: Completion[]): Promise<Task[]> {
    if (results.length === 0) return [];
    const [rows] = await this.db.query(
      `WITH mine AS (${LOCK_IN_ID_ORDER('$1', '$2')})
       UPDATE tasks t SET status = 'completed', progress = 100, result = r.result, details = t.details || r.details,
              completed_at = now(), lease_owner = NULL, lease_expires_at = NULL
         FROM mine, unnest($1::uuid[], $3::jsonb[], $4::jsonb[]) AS r(id, result, details)
        WHERE t.id = mine.id AND r.id = mine.id
       RETURNING t.id, t.details, t.completed_at, t.cancel_requested_at, t.canceled_by`,
      [results.map((r) => r.task.id), results.map((r) => r.task.attempt), results.map((r) => JSON.stringify(r.result ?? null)),
        results.map((r) => JSON.stringify(r.details ?? {}))],
    );
    const byId = new Map(results.map((r) => [r.task.id, r]));
    return rows.map((row: Row) => completedTask(byId.get(row.id as string)!, row));
  }

  async fail(fence: Fence, error: TaskErrorInfo): Promise<Task | null> {
    return this.finish(fence, `status = 'failed', error = $3`, [error]);
  }

  async cancelRunning(fence: Fence, mode: 'cooperative' | 'forced'): Promise<Task | null> {
    return this.finish(fence, `status = 'canceled', cancel_mode = $3,
      error = jsonb_build_object('code', 'canceled', 'message', 'Canceled by ' || coalesce(canceled_by, 'request'))`,
      [mode]);
  }

  /**
   * running → pending, to run again after `delayMs` (a retryable error), or at once in its old
   * place in line (`delayMs` null: a hand-back, which is not the task's fault).
   */
  async retry(fence: Fence, delayMs: number | null, error: TaskErrorInfo | null, refundAttempt: boolean): Promise<Task | null> {
    const rows = await this.db.query(
      `UPDATE tasks SET status = 'pending', run_at = coalesce(now() + $3 * interval '1 millisecond', run_at), error = $4,
              lease_owner = NULL, lease_expires_at = NULL, started_at = NULL,
              max_attempts = max_attempts + CASE WHEN $5 THEN 1 ELSE 0 END
        WHERE id = $1 AND attempt = $2 AND status = 'running'
       RETURNING ${TASK_COLUMNS}`,
      [fence.id, fence.attempt, delayMs, error, refundAttempt],
    );
    return rows[0]?.[0] ? toTask(rows[0][0]) : null;
  }

  /** pending → canceled at once. */
  async cancelPending(id: string, by: string, userId?: string): Promise<Task | null> {
    const [rows] = await this.db.query(
      `UPDATE tasks SET status = 'canceled', completed_at = now(), cancel_requested_at = now(), canceled_by = $2,
              error = jsonb_build_object('code', 'canceled', 'message', 'Canceled by ' || $2::text)
        WHERE id = $1 AND status = 'pending' AND ($3::text IS NULL OR user_id = $3)
       RETURNING ${TASK_COLUMNS}`,
      [id, by, userId ?? null],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }

  /** Records a cancel request on a running task; its owner stops it and finishes the move. */
  async requestCancel(id: string, by: string, userId?: string): Promise<Task | null> {
    const [rows] = await this.db.query(
      `UPDATE tasks SET cancel_requested_at = now(), canceled_by = $2
        WHERE id = $1 AND status = 'running' AND cancel_requested_at IS NULL AND ($3::text IS NULL OR user_id = $3)
       RETURNING ${TASK_COLUMNS}`,
      [id, by, userId ?? null],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }

  /**
   * Recovers running tasks whose lease expired (their replica died or hung): a canceled one is
   * finished as canceled, one with attempts left goes back to pending at once and keeps its place
   * in line (losing a worker is not the task's fault, and users wait on it; behind a backlog of
   * thousands a new place would cost minutes), the rest fail with `worker_lost`.
   */
  async recoverExpired(limit: number, owner?: string): Promise<Task[]> {
    const [rows] = await this.db.query(
      `WITH lost AS (
         SELECT id FROM tasks
          WHERE status = 'running' AND (lease_expires_at < now() OR lease_owner = $2)
          LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE tasks t SET
         status = CASE WHEN t.cancel_requested_at IS NOT NULL THEN 'canceled'
                       WHEN t.attempt < t.max_attempts THEN 'pending' ELSE 'failed' END,
         completed_at = CASE WHEN t.cancel_requested_at IS NULL AND t.attempt < t.max_attempts THEN NULL ELSE now() END,
         cancel_mode = CASE WHEN t.cancel_requested_at IS NOT NULL THEN 'forced' END,
         error = CASE
           WHEN t.cancel_requested_at IS NOT NULL THEN jsonb_build_object('code', 'canceled', 'message',
             'Canceled by ' || coalesce(t.canceled_by, 'request') || '; its worker was lost')
           ELSE jsonb_build_object('code', 'worker_lost', 'message',
             'The replica running attempt ' || t.attempt || ' stopped renewing its lease') END,
         lease_owner = NULL, lease_expires_at = NULL
         FROM lost WHERE t.id = lost.id
       RETURNING ${TASK_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1t.$2')}`,
      [limit, owner ?? null],
    );
    return rows.map(toTask);
  }

  /**
   * Deletes up to `batch` finished tasks older than the cutoffs, oldest first; answers how many.
   * Small batches keep each statement's locks and WAL short while the API goes on answering.
   */
  async deleteFinished(before: Date, failedBefore: Date, batch: number): Promise<number> {
    const [, count] = await this.db.query(
      `DELETE FROM tasks WHERE id IN (
         SELECT id FROM tasks
          WHERE status IN ('completed', 'failed', 'canceled') AND completed_at < $1
            AND (status <> 'failed' OR completed_at < $2)
          ORDER BY completed_at LIMIT $3)`,
      [before, failedBefore, batch],
    );
    return count as number;
  }

  private async finish(fence: Fence, set: string, params: unknown[]): Promise<Task | null> {
    const [rows] = await this.db.query(
      `UPDATE tasks SET ${set}, completed_at = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE id = $1 AND attempt = $2 AND status = 'running'
       RETURNING ${TASK_COLUMNS}`,
      [fence.id, fence.attempt, ...params],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }
}

/** A claimed task as its completion left it. */
function completedTask({ task, result }: Completion, row: Row): Task {
  return {
    ...task, status: 'completed', progress: 100, result: result ?? null, details: row.details as Task['details'],
    completedAt: row.completed_at as Date, cancelRequestedAt: row.cancel_requested_at as Date | null,
    canceledBy: row.canceled_by as string | null, leaseOwner: null, leaseExpiresAt: null,
  };
}
