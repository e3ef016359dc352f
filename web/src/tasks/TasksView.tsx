import type { Me } from '../api/types';
import { TASK_STATUSES } from '../api/types';
import { navigate } from '../router';
import { Empty, ErrorNotice, StreamNotice } from '../ui/Notice';
import { TaskRow } from './TaskRow';
import { useTaskList } from './useTaskList';

const TYPES = ['lint', 'test'];

/** Your tasks (admins: anyone's), filtered by status and type, live. Filters live in the URL. */
export function TasksView({ me, params }: { me?: Me; params: URLSearchParams }) {
  const everyone = Boolean(me?.is_admin && params.get('scope') === 'all');
  const status = params.get('status') ?? undefined;
  const type = params.get('type') ?? undefined;
  const list = useTaskList({ status, type, userId: me?.is_admin && !everyone ? me.user_id : undefined });
  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value); else next.delete(name);
    navigate(`/tasks${next.toString() ? `?${next}` : ''}`);
  };
  return (
    <section aria-labelledby="tasks-title">
      <h1 id="tasks-title">{everyone ? 'Everyone’s tasks' : 'Your tasks'}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Status
          <select value={status ?? ''} onChange={(e) => set('status', (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {TASK_STATUSES.map((s) => <option value={s}>{s}</option>)}
          </select>
        </label>
        <label>Type
          <select value={type ?? ''} onChange={(e) => set('type', (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {TYPES.map((t) => <option value={t}>{t}</option>)}
          </select>
        </label>
        {me?.is_admin && (
          <label class="inline">
            <input type="checkbox" checked={everyone} onChange={(e) => set('scope', (e.target as HTMLInputElement).checked ? 'all' : undefined)} />
            Everyone’s tasks
          </label>
        )}
      </form>
      <StreamNotice state={list.stream} />
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && (
        <Empty>No tasks yet. Store a playbook or upload a project, then lint or test it.</Empty>
      )}
      <ul class="tasks" aria-label="Tasks" aria-busy={list.loading}>
        {list.items.map((task) => <TaskRow key={task.task_id} task={task} showUser={everyone} />)}
      </ul>
      {list.more && <button type="button" onClick={list.more} disabled={list.loading}>Load more</button>}
    </section>
  );
}
