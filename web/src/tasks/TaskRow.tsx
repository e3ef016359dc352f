import type { Task } from '../api/types';
import { href } from '../router';
import { Progress } from '../ui/Progress';
import { Status } from '../ui/Status';
import { shortId, time } from '../ui/format';

/** What the task works on, as run tasks name it in their details (a playbook, a project and its playbook). */
export function subjectName(task: Pick<Task, 'details'>): string {
  const { playbook_name, project_name, playbook } = task.details as Record<string, unknown>;
  return [playbook_name, project_name, playbook].filter((p) => typeof p === 'string' && p).join(' › ');
}

/** One task in the list: what, whose, its status and, while it runs, its progress and step. */
export function TaskRow({ task, showUser }: { task: Task; showUser: boolean }) {
  return (
    <li class="task-row" data-task-id={task.task_id} data-status={task.status}>
      <a href={href('tasks', task.task_id)} class="task-link">
        <span class="task-type">{task.type}</span> {subjectName(task) && <span>{subjectName(task)}</span>} <span class="mono">{shortId(task.task_id)}</span>
      </a>
      <Status status={task.status} />
      {showUser && <span class="task-user">{task.user_id}</span>}
      <span class="task-time">{time(task.created_at)}</span>
      {task.status === 'running' && <Progress task={task} />}
      {task.error && <span class="task-error">{task.error.message}</span>}
    </li>
  );
}
