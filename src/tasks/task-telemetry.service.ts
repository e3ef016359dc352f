import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { StoredTelemetryEvent, TelemetryRepository } from '../telemetry/telemetry.repository';
import { TasksService } from './tasks.service';

/** A task's lifecycle has a handful of events; retries add a few. This bounds a pathological one. */
const MAX_EVENTS = 1000;
const BATCH = 5000;

/** The stored telemetry of tasks: who may read it, and how long it is kept. */
@Injectable()
export class TaskTelemetryService {
  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly telemetry: TelemetryRepository,
    private readonly tasks: TasksService,
  ) {}

  /**
   * The task's events, owner or admin only. Events outlive their task (they have their own
   * retention), so they are scoped by the user they recorded; with none, the task itself decides
   * between an empty list and 404.
   */
  async forTask(taskId: string, principal: Principal): Promise<StoredTelemetryEvent[]> {
    const events = await this.telemetry.forTask(taskId, principal.isAdmin ? undefined : principal.userId, MAX_EVENTS);
    if (events.length === 0) await this.tasks.getTask(taskId, principal);
    return events;
  }

  /** Removes events past RELIA_TELEMETRY_RETENTION_HOURS, in batches; answers how many. */
  async expire(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.telemetry.retentionHours * 3_600_000);
    let total = 0;
    for (let n = BATCH; n === BATCH; total += n) n = await this.telemetry.deleteOlderThan(before, BATCH);
    return total;
  }
}
