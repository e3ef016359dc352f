export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const FINISHED_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'canceled'];

/**
 * Every move a task can make. The repository's SQL encodes the same table in its WHERE clauses;
 * this copy lets services and tests ask "may this happen?" without a round trip.
 */
const MOVES: Record<TaskStatus, readonly TaskStatus[]> = {
  pending: ['running', 'canceled'],
  running: ['completed', 'failed', 'canceled', 'pending'], // pending: lease lost, retried
  completed: [],
  failed: [],
  canceled: [],
};

export function canMove(from: TaskStatus, to: TaskStatus): boolean {
  return MOVES[from].includes(to);
}

export function isFinished(status: TaskStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}
