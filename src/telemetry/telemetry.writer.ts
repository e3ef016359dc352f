import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PreparedStatements } from '../database/prepared';

export interface TelemetryRecord {
  name: string;
  taskId: string | null;
  userId: string | null;
  taskType: string | null;
  occurredAt: Date;
  attributes: Record<string, unknown>;
}

const FLUSH_MS = 200;
const MAX_BATCH = 500;
/** Past this many unwritten events (the database is away), the oldest are dropped, not the service. */
const MAX_BUFFER = 50_000;

/**
 * Stores telemetry events in batches: one multi-row INSERT per 200 ms instead of one per event,
 * so a burst of tasks does not double the write load. Telemetry is best effort by design: a
 * failed write is logged and never reaches a task.
 */
@Injectable()
export class TelemetryWriter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('TelemetryWriter');
  private buffer: TelemetryRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  private readonly prepared: PreparedStatements;

  constructor(db: DataSource) {
    this.prepared = new PreparedStatements(db);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
  }

  add(record: TelemetryRecord): void {
    this.buffer.push(record);
    if (this.buffer.length > MAX_BUFFER) this.buffer.splice(0, this.buffer.length - MAX_BUFFER);
    if (this.buffer.length >= MAX_BATCH) void this.flush();
  }

  /** Writes everything buffered so far (tests and shutdown wait on it). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeAll());
    return this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      try {
        await this.insert(batch);
      } catch (error) {
        this.logger.warn(`Dropped ${batch.length} telemetry events: ${(error as Error).message}`);
        return;
      }
    }
  }

  private async insert(batch: TelemetryRecord[]): Promise<void> {
    await this.prepared.rows('telemetry.insert',
      `INSERT INTO telemetry_events (name, task_id, user_id, task_type, occurred_at, attributes)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])`,
      [batch.map((r) => r.name), batch.map((r) => r.taskId), batch.map((r) => r.userId), batch.map((r) => r.taskType),
        batch.map((r) => r.occurredAt), batch.map((r) => JSON.stringify(r.attributes))],
    );
  }
}
