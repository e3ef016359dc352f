import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CHANNELS } from '../database/pg-listener';
import { PgNotifier } from '../database/pg-notifier';
import type { Task } from './task.entity';
import { changeOf, sequenceOf, type TaskChange } from './task-change';
import { TASK_EVENTS, TASK_SIGNALS, type TaskLifecycleEvent } from './task-events';
import type { ProgressSignal } from './task-events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; keep room for the array brackets. */
const MAX_PAYLOAD_BYTES = 7900;
/** Changes made within this window share a NOTIFY: at 1,000 tasks/s, ~20 NOTIFYs/s instead of 3,000. */
const BATCH_MS = 20;

/**
 * Publishes every task change made on this replica to all replicas (CHANNELS.taskEvent), where
 * live streams pick them up. Changes are batched: one NOTIFY carries a JSON array of changes,
 * and within a batch a task's progress keeps only its latest value (status changes all stay).
 * A batch's NOTIFYs go out in one statement, batches one at a time, so a replica's changes
 * arrive in the order it made them.
 */
@Injectable()
export class TaskChangePublisher implements BeforeApplicationShutdown {
  private batch: TaskChange[] = [];
  /** Where each task's latest change sits in the batch (a scan per change was quadratic under load). */
  private latest = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly notifier: PgNotifier) {}

  @OnEvent(TASK_EVENTS.created)
  @OnEvent(TASK_EVENTS.started)
  @OnEvent(TASK_EVENTS.completed)
  @OnEvent(TASK_EVENTS.failed)
  @OnEvent(TASK_EVENTS.canceled)
  onLifecycle(event: TaskLifecycleEvent): void {
    this.add(changeOf(event.task));
  }

  @OnEvent(TASK_SIGNALS.changed)
  onChanged(task: Task): void {
    this.add(changeOf(task));
  }

  @OnEvent(TASK_SIGNALS.progress)
  onProgress(p: ProgressSignal): void {
    if (!p.userId || !p.type) return;
    const change = { task_id: p.id, user_id: p.userId, type: p.type, status: 'running' as const, progress: p.progress,
      attempt: p.attempt, details: p.details, error: null, cancel_requested: false, seq: 0 };
    this.add({ ...change, seq: sequenceOf(change) });
  }

  /** Sends what is batched now (tests and shutdown wait on it). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const changes = this.batch;
    this.batch = [];
    this.latest = new Map();
    this.sending = this.sending.then(() => this.send(changes));
    return this.sending;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private add(change: TaskChange): void {
    const last = this.latest.get(change.task_id);
    const previous = last === undefined ? undefined : this.batch[last];
    const sameStep = previous?.status === change.status && previous.attempt === change.attempt;
    if (sameStep && change.seq >= previous.seq) this.batch[last!] = change;
    else this.latest.set(change.task_id, this.batch.push(change) - 1);
    this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
  }

  /**
   * Nothing goes out while no replica has a live stream open: most of the time nobody watches, and
   * the NOTIFYs cost PostgreSQL and every replica more than the tasks' own writes. A stream takes
   * the streams lock before it reads its first state, and the changes here were written before
   * this check, so whatever the check skips, that first read shows.
   */
  private async send(changes: TaskChange[]): Promise<void> {
    if (changes.length === 0 || !(await this.notifier.streamsOpen())) return;
    await this.notifier.sendEach(CHANNELS.taskEvent, pack(changes));
  }
}

/** Splits changes into JSON arrays each under the NOTIFY limit. */
export function pack(changes: TaskChange[]): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const change of changes) {
    const json = JSON.stringify(change);
    if (parts.length > 0 && size + Buffer.byteLength(json) + 1 > MAX_PAYLOAD_BYTES) {
      payloads.push(`[${parts.join(',')}]`);
      parts = [];
      size = 2;
    }
    parts.push(json);
    size += Buffer.byteLength(json) + 1;
  }
  if (parts.length > 0) payloads.push(`[${parts.join(',')}]`);
  return payloads;
}
