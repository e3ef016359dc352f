import type { Task } from '../api/types';

/** The progress bar and the current step (the handler's details: step, play, task, host). */
export function Progress({ task }: { task: Pick<Task, 'progress' | 'details' | 'task_id'> }) {
  const step = stepOf(task.details);
  return (
    <span class="progress">
      <progress max={100} value={task.progress} aria-label={`Progress of ${task.task_id.slice(-8)}`}>{task.progress}%</progress>
      <span class="progress-value">{task.progress}%</span>
      {step && <span class="progress-step">{step}</span>}
    </span>
  );
}

export function stepOf(details: Record<string, unknown>): string {
  const parts = [details.step, details.play, details.task, details.host].filter((p) => typeof p === 'string' && p);
  return parts.join(' › ');
}
