import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api/http';
import { isFinished, type Task, type TelemetryEvent } from '../api/types';
import { useAsync } from '../ui/useAsync';
import { ErrorNotice } from '../ui/Notice';
import { time } from '../ui/format';

const FINAL_EVENTS = ['task_completed', 'task_failed', 'task_canceled'];

/**
 * The task's stored lifecycle events, reloaded when its status changes. Telemetry is stored
 * after the move it records, so a finished task whose final event is not there yet is asked
 * again, a few times, a second apart.
 */
export function Telemetry({ task }: { task: Task }) {
  const events = useAsync(() => api<{ items: TelemetryEvent[] }>(`/tasks/${task.task_id}/telemetry`), [task.task_id, task.status]);
  const retries = useRef(0);
  const items = events.data?.items;
  useEffect(() => {
    if (!items || !isFinished(task.status) || items.some((e) => FINAL_EVENTS.includes(e.name)) || retries.current >= 5) return;
    retries.current += 1;
    const timer = setTimeout(events.reload, 1000);
    return () => clearTimeout(timer);
  }, [items, task.status]);
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
