import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CHANNELS, PgListener } from '../database/pg-listener';
import type { TaskChange } from './task-change';

/** Who a live stream wants to hear about. */
export interface ChangeSubscriber {
  /** One task; undefined: every task of `userId` (undefined too: every task, for admins). */
  taskId?: string;
  userId?: string;
  deliver(change: TaskChange): void;
  /** The LISTEN connection came back: changes may have been missed meanwhile. */
  resync(): void;
}

/**
 * Receives the task changes every replica publishes and hands each to the live streams open on
 * this replica that may see it. Lookups are by task and by user, so a change costs the same
 * with ten streams open or ten thousand.
 */
@Injectable()
export class TaskChangeHub implements OnApplicationBootstrap {
  private readonly logger = new Logger('TaskChangeHub');
  private readonly byTask = new Map<string, Set<ChangeSubscriber>>();
  private readonly byUser = new Map<string, Set<ChangeSubscriber>>();
  private readonly everyone = new Set<ChangeSubscriber>();

  constructor(private readonly listener: PgListener) {}

  onApplicationBootstrap(): void {
    this.listener.on(CHANNELS.taskEvent, (payload: string) => this.receive(payload));
    this.listener.on('reconnected', () => this.all().forEach((s) => s.resync()));
  }

  /** Answers the unsubscribe function. */
  subscribe(subscriber: ChangeSubscriber): () => void {
    const [map, key] = subscriber.taskId ? [this.byTask, subscriber.taskId] : [this.byUser, subscriber.userId];
    if (key === undefined) {
      this.everyone.add(subscriber);
      return () => this.everyone.delete(subscriber);
    }
    const set = map.get(key) ?? new Set<ChangeSubscriber>();
    map.set(key, set.add(subscriber));
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && map.get(key) === set) map.delete(key);
    };
  }

  get size(): number {
    return this.all().length;
  }

  private receive(payload: string): void {
    // Every replica hears every change, its own included: with no stream open here there is
    // no one to parse them for (thousands a second under load).
    if (this.byTask.size === 0 && this.byUser.size === 0 && this.everyone.size === 0) return;
    let changes: TaskChange[];
    try {
      changes = JSON.parse(payload) as TaskChange[];
    } catch {
      return void this.logger.warn('Ignored a task change that is not JSON');
    }
    for (const change of changes) {
      for (const s of this.byTask.get(change.task_id) ?? []) s.deliver(change);
      for (const s of this.byUser.get(change.user_id) ?? []) s.deliver(change);
      for (const s of this.everyone) s.deliver(change);
    }
  }

  private all(): ChangeSubscriber[] {
    return [...this.everyone, ...[...this.byTask.values(), ...this.byUser.values()].flatMap((s) => [...s])];
  }
}
