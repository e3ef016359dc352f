import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api/http';
import { openStream, type StreamState } from '../api/sse';
import type { Page, Task, TaskChange } from '../api/types';

export interface TaskFilters {
  status?: string;
  type?: string;
  /** Admins: whose tasks; undefined is everyone's. */
  userId?: string;
}

const PAGE_SIZE = 50;

/**
 * The tasks list: keyset pages of 50 (never all of them: a user may have 10,000), kept live by
 * GET /tasks/events. A change to a loaded task updates it in place; a task not yet seen that
 * matches the filters is fetched and put on top.
 */
export function useTaskList(filters: TaskFilters) {
  const [items, setItems] = useState<Task[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [stream, setStream] = useState<StreamState>('connecting');
  const known = useRef(new Set<string>());
  const key = JSON.stringify(filters);

  const loadPage = async (after: string | null) => {
    setLoading(true);
    try {
      const page = await api<Page<Task>>(`/tasks${query({ ...wire(filters), limit: PAGE_SIZE, cursor: after })}`);
      page.items.forEach((t) => known.current.add(t.task_id));
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    known.current = new Set();
    setItems([]);
    void loadPage(null);
    return openStream<TaskChange>('/tasks/events', {
      onState: setStream,
      onEvent: (change) => {
        if (!matches(change, filters)) return;
        if (known.current.has(change.task_id)) return setItems((list) => list.map((t) => (t.task_id === change.task_id ? merge(t, change) : t)));
        known.current.add(change.task_id);
        void api<Task>(`/tasks/${change.task_id}`).then((task) => setItems((list) => [task, ...list.filter((t) => t.task_id !== task.task_id)]),
          () => known.current.delete(change.task_id));
      },
    });
  }, [key]);

  return { items, loading, error, stream, more: cursor ? () => loadPage(cursor) : undefined };
}

function wire(filters: TaskFilters): Record<string, string | undefined> {
  return { status: filters.status, type: filters.type, user_id: filters.userId };
}

function matches(change: TaskChange, filters: TaskFilters): boolean {
  return (!filters.userId || change.user_id === filters.userId) && (!filters.type || change.type === filters.type) &&
    (!filters.status || change.status === filters.status);
}

function merge(task: Task, change: TaskChange): Task {
  const finished = ['completed', 'failed', 'canceled'].includes(change.status);
  return {
    ...task, status: change.status, progress: change.progress, details: { ...task.details, ...change.details }, error: change.error, attempt: change.attempt,
    started_at: task.started_at ?? (change.status === 'running' ? new Date().toISOString() : null),
    completed_at: task.completed_at ?? (finished ? new Date().toISOString() : null),
  };
}
