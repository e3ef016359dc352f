import type { Api } from '../api';
import type { TaskChange } from './task-follower';

const POLL_MS = 2000;

/**
 * The event stream numbers a task's changes by its percent (see `sequenceOf` in src/tasks), so
 * a new step at the same percent (the play, task and host of a long task, before its first
 * result) is not sent. While the task runs, this reads GET /tasks/{id} every 2 s for the current
 * step; the stream stays the authority on status and the end.
 */
export function pollDetails(api: Api, taskId: string, current: () => TaskChange | undefined,
  show: (change: TaskChange) => void, signal: AbortSignal): () => void {
  const timer = setInterval(() => {
    const last = current();
    if (last?.status !== 'running') return;
    api.json<{ status: string; progress: number; details: Record<string, unknown> }>('GET', `/tasks/${taskId}`, { signal })
      .then((task) => {
        const now = current();
        if (task.status === 'running' && now?.status === 'running') {
          show({ ...now, progress: Math.max(now.progress, task.progress), details: task.details });
        }
      })
      .catch(() => undefined);
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
