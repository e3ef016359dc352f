import { api } from '../api/http';
import type { Task, TelemetryEvent } from '../api/types';
import { useAsync } from '../ui/useAsync';
import { ErrorNotice } from '../ui/Notice';
import { time } from '../ui/format';

/** The task's stored lifecycle events, reloaded when its status changes. */
export function Telemetry({ task }: { task: Task }) {
  const events = useAsync(() => api<{ items: TelemetryEvent[] }>(`/tasks/${task.task_id}/telemetry`), [task.task_id, task.status]);
  return (
    <section aria-labelledby="telemetry-title">
      <h2 id="telemetry-title">Events</h2>
      {events.error ? <ErrorNotice error={events.error} /> : null}
      <ol class="telemetry">
        {(events.data?.items ?? []).map((e) => (
          <li>
            <span class="mono">{time(e.occurred_at)}</span> <strong>{e.name}</strong>{' '}
            <span class="attributes">{Object.entries(e.attributes ?? {}).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ')}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
