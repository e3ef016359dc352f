import { TaskError } from '../executor/task-error';
import type { Task } from '../tasks/task.entity';
import type { PlaybooksRepository } from './playbooks.repository';

/**
 * The content of the playbook a lint or test task names, read when the attempt starts: the task
 * works on the playbook as it is then, and one deleted meanwhile fails the task clearly.
 */
export async function playbookContent(playbooks: PlaybooksRepository, task: Task): Promise<string> {
  const content = await playbooks.findContent(String(task.payload.playbook_id), task.userId);
  if (content === null) throw new TaskError('playbook_not_found', 'The playbook was deleted before the task ran');
  return content;
}

/** The request options stored in a run task's payload. */
export function runOptions<T>(task: Task): Partial<T> {
  return (task.payload.options ?? {}) as Partial<T>;
}
