import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/http';
import { isFinished, type Task } from '../api/types';
import { href } from '../router';
import { ErrorNotice, Loading, StreamNotice } from '../ui/Notice';
import { Progress } from '../ui/Progress';
import { Status } from '../ui/Status';
import { between, duration, time } from '../ui/format';
import { LintResultView } from './LintResultView';
import { Telemetry } from './Telemetry';
import { TestRunView } from './TestRunView';
import { useLiveTask } from './useLiveTask';
import { subjectName } from '../tasks/TaskRow';

/** A task: status, timings, attempts, who cancelled it, its telemetry and its result, live. */
export function TaskView({ id, params }: { id: string; params: URLSearchParams }) {
  const { task, error, stream, moments, setTask } = useLiveTask(id);
  if (error) return <section><h1>Task</h1><ErrorNotice error={error} /><a href={href('tasks')}>Back to tasks</a></section>;
  if (!task) return <Loading what="the task" />;
  return (
    <section aria-labelledby="task-title" class="task-view">
      <h1 id="task-title">{task.type} {subjectName(task) || 'task'} <span class="mono">{task.task_id.slice(-8)}</span></h1>
      <StreamNotice state={stream} />
      <Summary task={task} onCanceled={setTask} />
      {task.type === 'lint' && isFinished(task.status) && <LintResultView task={task} params={params} />}
      {task.type === 'test' && <TestRunView task={task} moments={moments} />}
      <Telemetry task={task} />
    </section>
  );
}

function Summary({ task, onCanceled }: { task: Task; onCanceled(task: Task): void }) {
  return (
    <div class="summary">
      <dl>
        <dt>Status</dt><dd data-testid="task-status"><Status status={task.status} /></dd>
        <dt>Owner</dt><dd>{task.user_id}</dd>
        <dt>Created</dt><dd>{time(task.created_at)}</dd>
        <dt>Started</dt><dd>{time(task.started_at)}</dd>
        <dt>Finished</dt><dd>{time(task.completed_at)}</dd>
        <dt>Queued for</dt><dd>{duration(between(task.created_at, task.started_at))}</dd>
        <dt>Ran for</dt><dd>{duration(between(task.started_at, task.completed_at))}</dd>
        <dt>Attempts</dt><dd>{task.attempt} of {task.max_attempts}</dd>
        {task.cancel_requested_at && <><dt>Cancel requested</dt><dd>{time(task.cancel_requested_at)}</dd></>}
        {task.canceled_by && <><dt>Cancelled by</dt><dd>{task.canceled_by}{task.cancel_mode ? ` (${task.cancel_mode})` : ''}</dd></>}
        {task.error && <><dt>Error</dt><dd class="task-error">{task.error.code}: {task.error.message}</dd></>}
      </dl>
      {task.status === 'running' && <Progress task={task} />}
      {!isFinished(task.status) && <CancelButton task={task} onCanceled={onCanceled} />}
    </div>
  );
}

function CancelButton({ task, onCanceled }: { task: Task; onCanceled(task: Task): void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      onCanceled(await api<Task>(`/tasks/${task.task_id}/cancel`, { method: 'POST' }));
    } catch (e) {
      // 409: it finished meanwhile; the stream brings the final state.
      if (!(e instanceof ApiError && e.status === 409)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="danger" onClick={cancel} disabled={busy || Boolean(task.cancel_requested_at)}>
        {task.cancel_requested_at ? 'Cancelling…' : 'Cancel task'}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
