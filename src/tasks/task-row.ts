import type { Task } from './task.entity';

/** Columns of a full task row, in the order `toTask` reads them. */
export const TASK_COLUMNS = `id, type, status, user_id, payload, progress, details, result, error, priority, attempt,
  max_attempts, run_at, lease_owner, lease_expires_at, cancel_requested_at, canceled_by, cancel_mode,
  idempotency_key, request_hash, created_at, started_at, completed_at`;

/**
 * The payload's subject only (the ids a request named; TaskView.subject): a few bytes, where the
 * whole payload carries the options.
 */
const PAYLOAD_SUBJECT = `(SELECT jsonb_object_agg(key, value) FROM jsonb_each(payload)
  WHERE key ~ '^([a-z]+_id|playbook)$' AND jsonb_typeof(value) = 'string') AS payload`;

/**
 * Columns for lists: everything a task's JSON shows, but not its payload and result, which can be
 * large and are read one task at a time.
 */
export const TASK_SUMMARY_COLUMNS = `id, type, status, user_id, progress, details, error, priority, attempt,
  max_attempts, run_at, cancel_requested_at, canceled_by, cancel_mode, created_at, started_at, completed_at, ${PAYLOAD_SUBJECT}`;

export type Row = Record<string, unknown>;

/** Maps a raw row (snake_case, from hand-written SQL) to the entity. */
export function toTask(row: Row): Task {
  return {
    id: row.id as string,
    type: row.type as string,
    status: row.status as Task['status'],
    userId: row.user_id as string,
    payload: (row.payload ?? {}) as Task['payload'],
    progress: row.progress as number,
    details: (row.details ?? {}) as Task['details'],
    result: row.result ?? null,
    error: (row.error ?? null) as Task['error'],
    priority: row.priority as number,
    attempt: row.attempt as number,
    maxAttempts: row.max_attempts as number,
    runAt: row.run_at as Date,
    leaseOwner: (row.lease_owner ?? null) as string | null,
    leaseExpiresAt: (row.lease_expires_at ?? null) as Date | null,
    cancelRequestedAt: (row.cancel_requested_at ?? null) as Date | null,
    canceledBy: (row.canceled_by ?? null) as string | null,
    cancelMode: (row.cancel_mode ?? null) as Task['cancelMode'],
    idempotencyKey: (row.idempotency_key ?? null) as string | null,
    requestHash: (row.request_hash ?? null) as string | null,
    createdAt: row.created_at as Date,
    startedAt: (row.started_at ?? null) as Date | null,
    completedAt: (row.completed_at ?? null) as Date | null,
  };
}
