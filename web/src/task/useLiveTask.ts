import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/http';
import { openStream, type StreamState } from '../api/sse';
import { isFinished, type Task, type TaskChange } from '../api/types';

/** A moment of a running task, as its stream reported it: for the test run's live view. */
export interface Moment {
  at: number;
  progress: number;
  details: Record<string, unknown>;
}

/**
 * One task, live: GET /tasks/{id}, then its event stream until it finishes (then a final GET,
 * for the timings the stream does not carry). Keeps every reported moment for the live views.
 */
export function useLiveTask(id: string) {
  const [task, setTask] = useState<Task>();
  const [error, setError] = useState<unknown>();
  const [stream, setStream] = useState<StreamState>('connecting');
  const [moments, setMoments] = useState<Moment[]>([]);
  const [round, setRound] = useState(0);

  useEffect(() => {
    setTask(undefined);
    setError(undefined);
    setMoments([]);
    let stop = () => undefined as void;
    let live = true;
    api<Task>(`/tasks/${id}`).then((first) => {
      if (!live) return;
      setTask(first);
      if (isFinished(first.status)) return setStream('ended');
      // Where the run already is, before the stream's first change.
      if (first.status === 'running') setMoments([{ at: Date.now(), progress: first.progress, details: first.details }]);
      stop = openStream<TaskChange>(`/tasks/${id}/events`, {
        onState: setStream,
        onEvent: (change) => {
          setMoments((list) => [...list, { at: Date.now(), progress: change.progress, details: change.details }]);
          setTask((t) => t && { ...t, status: change.status, progress: change.progress, details: { ...t.details, ...change.details }, error: change.error,
            attempt: change.attempt, cancel_requested_at: t.cancel_requested_at ?? (change.cancel_requested ? new Date().toISOString() : null) });
          if (isFinished(change.status)) void api<Task>(`/tasks/${id}`).then((t) => live && setTask(t));
        },
      });
    }, setError);
    return () => ((live = false), stop());
  }, [id, round]);

  return { task, error, stream, moments, reload: () => setRound((r) => r + 1), setTask };
}
