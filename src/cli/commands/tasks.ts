import { connect } from '../connect';
import { EXIT } from '../exit-codes';
import { isFinished } from '../live/task-follower';
import { watchTask } from '../live/watch-task';
import type { GlobalOptions } from '../settings';
import { fetchSubject, finish, type ReportOptions } from './finish';

interface TaskView {
  task_id: string;
  type: string;
  status: string;
  progress: number;
  created_at: string;
  completed_at: string | null;
  error: { code: string; message: string } | null;
  details: Record<string, unknown>;
}

/** `relia tasks`: your tasks, newest first, one a line. */
export async function listTasks(options: GlobalOptions & { status?: string; type?: string; limit: string }): Promise<number> {
  const query = new URLSearchParams({ limit: options.limit });
  if (options.status) query.set('status', options.status);
  if (options.type) query.set('type', options.type);
  const page = await connect(options).json<{ items: TaskView[] }>('GET', `/tasks?${query}`);
  for (const t of page.items) {
    process.stdout.write(`${t.task_id}  ${t.type.padEnd(6)} ${t.status.padEnd(9)} ${String(t.progress).padStart(3)}%  ${t.created_at}\n`);
  }
  return 0;
}

/** `relia tasks show ID`: the task, and with -f its result in that format. */
export async function showTask(id: string, options: GlobalOptions & Partial<ReportOptions>): Promise<number> {
  const api = connect(options);
  const task = await api.json<TaskView>('GET', `/tasks/${encodeURIComponent(id)}`);
  if (options.format && isFinished(task.status)) return finish(await fetchSubject(api, id, task.type), options as ReportOptions);
  process.stdout.write(`${JSON.stringify(task, null, 2)}\n`);
  return 0;
}

/** `relia watch ID`: follow a task that already runs, then report it like lint or test would. */
export async function watchCommand(id: string, options: GlobalOptions & ReportOptions): Promise<number> {
  const api = connect(options);
  const task = await api.json<TaskView>('GET', `/tasks/${encodeURIComponent(id)}`);
  if (!isFinished(task.status)) await watchTask(api, id, Boolean(options.quiet));
  return finish(await fetchSubject(api, id, task.type), options);
}

/** `relia cancel ID`: 200 canceled at once, 202 requested (a running task stops), 409 already over. */
export async function cancelCommand(id: string, options: GlobalOptions): Promise<number> {
  const res = await connect(options).send('POST', `/tasks/${encodeURIComponent(id)}/cancel`, { allow: [409] });
  if (res.status === 409) {
    process.stderr.write(`task ${id} has already finished\n`);
    return EXIT.usage;
  }
  const task = (await res.json()) as TaskView;
  process.stderr.write(res.status === 202 ? `cancel requested: task ${id} is stopping\n` : `task ${id} ${task.status}\n`);
  return 0;
}
