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
 * with ten streams open or ten thousand. While any stream is open here, the replica holds the
 * streams lock (STREAMS_LOCK): without it no replica publishes changes at all.
 */
@Injectable()
export class TaskChangeHub implements OnApplicationBootstrap {
  private readonly logger = new Logger('TaskChangeHub');
  private readonly byTask = new Map<string, Set<ChangeSubscriber>>();
  private readonly byUser = new Map<string, Set<ChangeSubscriber>>();
  private readonly everyone = new Set<ChangeSubscriber>();
  private subscribers = 0;
  private lockHeld = false;
  /** Lock and unlock statements run one after another, each bringing the lock in line with `subscribers`. */
  private locking: Promise<void> = Promise.resolve();

  constructor(private readonly listener: PgListener) {}

  onApplicationBootstrap(): void {
    this.listener.on(CHANNELS.taskEvent, (payload: string) => this.receive(payload));
    // A new connection holds no lock yet (in line, after any lock statement still in flight on
    // the old one): take it again first, then let every stream re-read.
    this.listener.on('reconnected', () => {
      this.locking = this.locking.then(() => void (this.lockHeld = false));
      void this.syncLock().then(() => this.all().forEach((s) => s.resync()));
    });
  }

  /**
   * Answers the unsubscribe function once the streams lock is held, so that every change made
   * from then on is published: a stream reads its first state only after this.
   */
  async subscribe(subscriber: ChangeSubscriber): Promise<() => void> {
    const unsubscribe = this.add(subscriber);
    this.subscribers++;
    await this.syncLock();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      this.subscribers--;
      void this.syncLock();
    };
  }

  get size(): number {
    return this.subscribers;
  }

  private add(subscriber: ChangeSubscriber): () => void {
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

  /**
   * Holds the streams lock while any stream is open here. While the LISTEN connection is down
   * nothing is held; it is taken again on reconnection, and the streams then re-read their state.
   */
  private syncLock(): Promise<void> {
    this.locking = this.locking.then(async () => {
      const wanted = this.subscribers > 0;
      if (wanted === this.lockHeld || !this.listener.connected) return;
      await this.listener.holdStreamsLock(wanted);
      this.lockHeld = wanted;
    }).catch((error) => this.logger.warn(`Streams lock not changed: ${(error as Error).message}`));
    return this.locking;
  }

  private receive(payload: string): void {
    // Every replica hears every change, its own included: with no stream open here there is
    // no one to parse them for (thousands a second under load).
    if (this.subscribers === 0) return;
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
