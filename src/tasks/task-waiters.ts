import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Task } from './task.entity';
import { TASK_EVENTS, type TaskLifecycleEvent } from './task-events';
import { TasksRepository } from './tasks.repository';
import { isFinished } from './task-status';

const POLL_MS = 250;

/**
 * Lets a request wait for a task to finish (the synchronous /lint and /test). A task finished on
 * this replica resolves at once through its lifecycle event; one finished on another replica is
 * seen by a light poll of its row.
 */
@Injectable()
export class TaskWaiters implements OnApplicationShutdown {
  private readonly waiting = new Map<string, Set<(task: Task | null) => void>>();

  constructor(private readonly tasks: TasksRepository) {}

  /** The finished task, or null if it is still unfinished after `timeoutMs`. */
  wait(id: string, timeoutMs: number): Promise<Task | null> {
    return new Promise((resolve) => {
      const poll = setInterval(() => void this.check(id), POLL_MS);
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (task: Task | null): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiting.get(id)?.delete(done);
        if (this.waiting.get(id)?.size === 0) this.waiting.delete(id);
        resolve(task);
      };
      if (!this.waiting.has(id)) this.waiting.set(id, new Set());
      this.waiting.get(id)!.add(done);
    });
  }

  @OnEvent(TASK_EVENTS.completed)
  @OnEvent(TASK_EVENTS.failed)
  @OnEvent(TASK_EVENTS.canceled)
  onFinished(event: TaskLifecycleEvent): void {
    this.resolve(event.task);
  }

  onApplicationShutdown(): void {
    for (const id of [...this.waiting.keys()]) for (const done of this.waiting.get(id) ?? []) done(null);
  }

  private async check(id: string): Promise<void> {
    const task = await this.tasks.findVisible(id).catch(() => null);
    if (task && isFinished(task.status)) this.resolve(task);
  }

  private resolve(task: Task): void {
    for (const done of [...(this.waiting.get(task.id) ?? [])]) done(task);
  }
}
