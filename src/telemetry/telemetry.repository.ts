import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TelemetryRecord } from './telemetry.writer';

export interface StoredTelemetryEvent extends TelemetryRecord {
  id: string;
}

/** Reads and expires stored telemetry events (the writer inserts them). */
@Injectable()
export class TelemetryRepository {
  constructor(private readonly db: DataSource) {}

  /** A task's events in order, if `userId` may see them (undefined: anyone's, for admins). */
  async forTask(taskId: string, userId: string | undefined, limit: number): Promise<StoredTelemetryEvent[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT id, name, task_id, user_id, task_type, occurred_at, attributes FROM telemetry_events
        WHERE task_id = $1 AND ($2::text IS NULL OR user_id = $2)
        ORDER BY occurred_at, id LIMIT $3`,
      [taskId, userId ?? null, limit],
    );
    return rows.map((r) => ({ id: String(r.id), name: r.name as string, taskId: r.task_id as string | null,
      userId: r.user_id as string | null, taskType: r.task_type as string | null, occurredAt: r.occurred_at as Date,
      attributes: r.attributes as Record<string, unknown> }));
  }

  /** Deletes up to `batch` events older than `before`, oldest first (telemetry_events_time_idx); answers how many. */
  async deleteOlderThan(before: Date, batch: number): Promise<number> {
    const [, count] = await this.db.query(
      `DELETE FROM telemetry_events WHERE id IN (
         SELECT id FROM telemetry_events WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2)`,
      [before, batch],
    );
    return count as number;
  }
}
