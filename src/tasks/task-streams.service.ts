import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../auth/principal';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { changeOf, type TaskChange } from './task-change';
import { TaskChangeHub } from './task-change.hub';
import { isFinished } from './task-status';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { SseStream } from './sse-stream';

/** Events ids of the all-tasks stream are this replica's clock; allow for skew between replicas. */
const RESUME_SLACK_MS = 10_000;
const SNAPSHOT_LIMIT = 1000;
const SEEN_LIMIT = 10_000;

/**
 * Live task streams (GET /tasks/{id}/events and GET /tasks/events). Every stream subscribes
 * first and reads the current state second, so no change can fall between the two; sequence
 * numbers (task-change.ts) then drop anything older than what the client already has.
 */
@Injectable()
export class TaskStreamsService implements BeforeApplicationShutdown {
  private readonly open = new Set<SseStream>();

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly tasks: TasksService,
    private readonly repository: TasksRepository,
    private readonly hub: TaskChangeHub,
  ) {}

  /** One task: its state now (unless Last-Event-ID says the client has it), its changes, then the end. */
  async streamTask(taskId: string, principal: Principal, lastEventId: string | undefined, res: FastifyReply): Promise<void> {
    let last = Number(lastEventId ?? -1);
    let stream: SseStream | undefined;
    const early: TaskChange[] = [];
    const deliver = (c: TaskChange, force = false): void => {
      if (!stream) return void early.push(c);
      if (!(c.seq > last || (force && c.seq !== last))) return;
      stream.send((last = c.seq), c);
      if (isFinished(c.status)) stream.end();
    };
    const resync = (): void => void this.repository.findVisible(taskId).then((t) => t && deliver(changeOf(t), true));
    const unsubscribe = await this.hub.subscribe({ taskId, deliver, resync });
    try {
      const task = await this.tasks.getTask(taskId, principal);
      stream = this.track(res, unsubscribe);
      deliver(changeOf(task), true);
      early.forEach((c) => deliver(c));
      // Finished, and the client already had that state: nothing more will ever come.
      if (isFinished(task.status)) stream.end();
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }

  /** Every task the principal may see: the unfinished ones now (and on resume, those finished since), then changes. */
  async streamAll(principal: Principal, lastEventId: string | undefined, res: FastifyReply): Promise<void> {
    const seen = new Map<string, number>();
    let stream: SseStream | undefined;
    const early: TaskChange[] = [];
    const deliver = (c: TaskChange): void => {
      if (!stream) return void early.push(c);
      if ((seen.get(c.task_id) ?? -1) >= c.seq) return;
      seen.delete(c.task_id);
      seen.set(c.task_id, c.seq);
      // Only reordering between replicas needs this memory, and that spans milliseconds.
      if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
      stream.send(Date.now(), c);
    };
    const userId = principal.isAdmin ? undefined : principal.userId;
    const snapshot = async (since: Date | null): Promise<void> =>
      (await this.repository.listActive(userId, since, SNAPSHOT_LIMIT)).forEach((t) => deliver(changeOf(t)));
    const unsubscribe = await this.hub.subscribe({ userId, deliver, resync: () => void snapshot(new Date(Date.now() - RESUME_SLACK_MS)) });
    const resumeAt = Number(lastEventId);
    const since = Number.isFinite(resumeAt) && lastEventId ? new Date(resumeAt - RESUME_SLACK_MS) : null;
    const found = await this.repository.listActive(userId, since, SNAPSHOT_LIMIT).catch((e) => (unsubscribe(), Promise.reject(e)));
    stream = this.track(res, unsubscribe);
    found.forEach((t) => deliver(changeOf(t)));
    early.forEach(deliver);
  }

  /** Ends every stream: clients reconnect (to another replica) and resume with Last-Event-ID. */
  beforeApplicationShutdown(): void {
    for (const stream of this.open) stream.end();
  }

  private track(res: FastifyReply, unsubscribe: () => void): SseStream {
    const stream = new SseStream(res, this.config.events.heartbeatSeconds * 1000);
    this.open.add(stream);
    stream.whenEnded(() => (unsubscribe(), this.open.delete(stream)));
    return stream;
  }
}
