import { SetMetadata } from '@nestjs/common';
import type { Task } from '../tasks/task.entity';

export interface TaskHandlerOptions {
  type: string;
  /** Wall-clock limit of one attempt; default RELIA_TASK_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
}

/**
 * A task type's implementation. `prepare` runs on the main thread (it may use the database and
 * other services); the work function then runs in the worker pool with what `prepare` answered.
 */
export interface TaskHandler<I = unknown> {
  /** Module file and export name of the work function (see workFile()). */
  readonly work: { file: string; fn: string };
  prepare(task: Task): Promise<I> | I;
  /** A per-task time limit, when it depends on the request (default: the type's). */
  timeoutMs?(task: Task): number;
}

export const TASK_HANDLER = Symbol('TaskHandler');

/** Marks a provider as the handler of a task type; the registry finds it at boot. */
export const TaskHandlerFor = (options: TaskHandlerOptions): ClassDecorator => SetMetadata(TASK_HANDLER, options);
