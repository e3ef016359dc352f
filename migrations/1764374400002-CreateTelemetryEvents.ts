import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTelemetryEvents1764374400002 implements MigrationInterface {
  name = 'CreateTelemetryEvents1764374400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telemetry_events (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name        text NOT NULL,
        task_id     uuid,
        user_id     text,
        task_type   text,
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        attributes  jsonb NOT NULL DEFAULT '{}'
      )`);
    // "Events of a task" and "events in a time range" (also what retention deletes by).
    await q.query(`CREATE INDEX telemetry_events_task_idx ON telemetry_events (task_id, occurred_at)`);
    await q.query(`CREATE INDEX telemetry_events_time_idx ON telemetry_events (occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telemetry_events`);
  }
}
