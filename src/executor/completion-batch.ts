import type { Task } from '../tasks/task.entity';
import type { Completion } from '../tasks/tasks.repository';

interface Waiting extends Completion {
  resolve(task: Task | null): void;
  reject(error: unknown): void;
}

/** Bounds one statement's size (and its row locks) under a burst. */
const MAX_BATCH = 500;

/**
 * Group commit for completions. The first result is written at once; results that arrive while
 * a write is in flight wait for it and then go together in the next single UPDATE. So an idle
 * system adds no delay, and a busy one writes many results per round trip instead of one commit
 * each (STACK.md: one completion per commit tops out near 2,700 tasks/s on this machine).
 */
export class CompletionBatch {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly write: (results: Completion[]) => Promise<Task[]>) {}

  /** Resolves with the completed task, or null when the fence held (a stale attempt). */
  complete(task: Task, result: unknown, details?: Record<string, unknown>): Promise<Task | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, result, details, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, MAX_BATCH);
    this.write(batch)
      .then((tasks) => settle(batch, tasks), (error) => batch.forEach((w) => w.reject(error)))
      .finally(() => {
        this.writing = false;
        this.flush();
      });
  }
}

function settle(batch: Waiting[], completed: Task[]): void {
  const byId = new Map(completed.map((task) => [task.id, task]));
  for (const waiting of batch) waiting.resolve(byId.get(waiting.task.id) ?? null);
}
