import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Principal } from '../auth/principal';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { CursorCodec } from '../common/cursor';
import { notFound, ProblemException } from '../common/problem';
import { uuidv7 } from '../common/uuid';
import type { Task } from './task.entity';
import { TASK_EVENTS, TASK_SIGNALS, TaskEventName } from './task-events';
import { isFinished, TaskStatus } from './task-status';
import { TaskFilter, TasksRepository } from './tasks.repository';
import { TaskWaiters } from './task-waiters';

export interface EnqueueOptions {
  priority?: number;
  maxAttempts?: number;
  /** With the same user and key, the first task is answered again instead of a new one. */
  idempotencyKey?: string;
}

export interface ListQuery {
  status?: TaskStatus;
  type?: string;
  /** Admins only: one user's tasks. */
  userId?: string;
  cursor?: string;
  limit: number;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const BACKLOG_RETRY_AFTER_S = 5;
const CLEANUP_BATCH = 1000;

/**
 * The task API of the seed (create, submit, progress, get, list, cancel, clean up), with the
 * rules: who may see what, idempotency, the per-user backlog limit, and which moves exist.
 */
@Injectable()
export class TasksService {
  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly tasks: TasksRepository,
    private readonly waiters: TaskWaiters,
    private readonly events: EventEmitter2,
    private readonly cursors: CursorCodec,
  ) {}

  /** Creates a pending task that runs once submitted (the seed's two-step API). */
  async createTask(type: string, userId: string, details: Record<string, unknown> = {}): Promise<Task> {
    const { task } = await this.insert(type, userId, {}, details, {}, true);
    return task;
  }

  async submitTask(taskId: string, payload: Record<string, unknown> = {}): Promise<Task> {
    const task = await this.tasks.release(taskId, payload);
    if (!task) throw new ProblemException('task_finished', 'Only a created, not yet submitted task can be submitted');
    this.events.emit(TASK_SIGNALS.submitted, task.id);
    return task;
  }

  /** Creates and submits in one statement; `created` is false for an idempotent replay. */
  async enqueue(type: string, userId: string, payload: Record<string, unknown>, details: Record<string, unknown>,
    options: EnqueueOptions = {}): Promise<{ task: Task; created: boolean }> {
    const result = await this.insert(type, userId, payload, details, options, false);
    if (result.created) this.events.emit(TASK_SIGNALS.submitted, result.task.id);
    return result;
  }

  async updateTaskProgress(taskId: string, percent: number, details: Record<string, unknown> = {}): Promise<Task> {
    const task = await this.tasks.setProgress(taskId, Math.max(0, Math.min(100, Math.round(percent))), details);
    if (!task) throw new ProblemException('task_finished', 'Progress can only be reported for a running task');
    this.events.emit(TASK_SIGNALS.changed, task);
    return task;
  }

  /** The task without its payload and result (the status view): see getResult for those. */
  async getTask(taskId: string, principal: Principal, view: 'full' | 'summary' = 'summary'): Promise<Task> {
    const task = await this.tasks.findVisible(taskId, scope(principal), view);
    if (!task) throw notFound('Task');
    return task;
  }

  /** The finished task, for its result; 409 while it is still pending or running. */
  async getResult(taskId: string, principal: Principal): Promise<Task> {
    const task = await this.getTask(taskId, principal, 'full');
    if (!isFinished(task.status)) throw new ProblemException('task_not_finished', `The task is still ${task.status}`);
    return task;
  }

  async listTasks(principal: Principal, query: ListQuery): Promise<TaskPage> {
    const filter: TaskFilter = { userId: principal.isAdmin ? query.userId : principal.userId, ...pick(query) };
    const scope = cursorScope(principal, filter);
    const after = query.cursor ? this.cursors.decode(query.cursor, scope) : undefined;
    const items = await this.tasks.list(filter, after, query.limit + 1);
    const more = items.length > query.limit;
    const page = more ? items.slice(0, query.limit) : items;
    return { items: page, nextCursor: more ? this.cursors.encode(page[page.length - 1], scope) : null };
  }

  /** Cancels at once when pending (accepted: false), or asks the running attempt to stop. */
  async cancelTask(taskId: string, principal: Principal): Promise<{ task: Task; accepted: boolean }> {
    const pending = await this.tasks.cancelPending(taskId, principal.userId, scope(principal));
    if (pending) {
      this.emit(TASK_EVENTS.canceled, pending);
      return { task: pending, accepted: false };
    }
    const running = await this.tasks.requestCancel(taskId, principal.userId, scope(principal));
    if (running) {
      this.events.emit(TASK_SIGNALS.cancelRequested, running.id);
      this.events.emit(TASK_SIGNALS.changed, running);
    }
    const task = running ?? (await this.getTask(taskId, principal));
    if (isFinished(task.status)) throw new ProblemException('task_finished', `The task is already ${task.status}`);
    return { task, accepted: true };
  }

  /** Waits up to `timeoutMs` for the task to finish; answers it as it is then. */
  async waitForTask(task: Task, timeoutMs: number): Promise<Task> {
    return (await this.waiters.wait(task.id, timeoutMs)) ?? (await this.tasks.findVisible(task.id)) ?? task;
  }

  /** Removes finished tasks past their retention, in batches; answers how many. */
  async cleanupTasks(now = new Date()): Promise<number> {
    const hour = 3_600_000;
    const before = new Date(now.getTime() - this.config.task.cleanupHours * hour);
    const keepFailed = Math.max(this.config.task.failedRetentionHours, this.config.task.cleanupHours);
    const failedBefore = new Date(now.getTime() - keepFailed * hour);
    let total = 0;
    for (let n = CLEANUP_BATCH; n === CLEANUP_BATCH; total += n) {
      n = await this.tasks.deleteFinished(before, failedBefore, CLEANUP_BATCH);
    }
    return total;
  }

  private async insert(type: string, userId: string, payload: Record<string, unknown>, details: Record<string, unknown>,
    options: EnqueueOptions, held: boolean): Promise<{ task: Task; created: boolean }> {
    const requestHash = options.idempotencyKey ? hash({ type, payload }) : null;
    const task = await this.tasks.insert(
      { id: uuidv7(), type, userId, payload, details, held, priority: options.priority ?? 0,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, idempotencyKey: options.idempotencyKey ?? null,
        requestHash },
      this.config.task.maxPendingPerUser,
    );
    if (task) {
      this.emit(TASK_EVENTS.created, task);
      return { task, created: true };
    }
    return { task: await this.replay(userId, options.idempotencyKey, requestHash), created: false };
  }

  /** The insert did nothing: either the key was used before, or the backlog is full. */
  private async replay(userId: string, key: string | undefined, requestHash: string | null): Promise<Task> {
    const earlier = key ? await this.tasks.findByIdempotencyKey(userId, key) : null;
    if (!earlier) {
      throw new ProblemException('backlog_full', `You have ${this.config.task.maxPendingPerUser} or more pending tasks`,
        { retryAfter: BACKLOG_RETRY_AFTER_S });
    }
    if (earlier.requestHash !== requestHash) {
      throw new ProblemException('idempotency_conflict', 'This Idempotency-Key was used with a different request');
    }
    return earlier;
  }

  private emit(name: TaskEventName, task: Task): void {
    this.events.emit(name, { name, task });
  }
}

/**
 * What a list cursor is bound to (who listed, with which filters): a cursor only resumes the list
 * it came from. Exported for bench/api.ts, which mints deep cursors without paging to them.
 */
export function cursorScope(principal: Principal, filter: TaskFilter): string {
  return JSON.stringify([principal.userId, filter]);
}

/** Whose tasks a principal may touch: undefined means everyone's (admins). */
function scope(principal: Principal): string | undefined {
  return principal.isAdmin ? undefined : principal.userId;
}

function pick(query: ListQuery): Pick<TaskFilter, 'status' | 'type'> {
  return { status: query.status, type: query.type };
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
