import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTasks1764374400000 implements MigrationInterface {
  name = 'CreateTasks1764374400000';

  async up(q: QueryRunner): Promise<void> {
    // Timestamps have millisecond precision so that a JavaScript Date round-trips exactly:
    // keyset cursors compare (created_at, id) and must not lose microseconds.
    await q.query(`
      CREATE TABLE tasks (
        id                  uuid PRIMARY KEY,
        type                text NOT NULL,
        status              text NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'running', 'completed', 'failed', 'canceled')),
        user_id             text NOT NULL,
        payload             jsonb NOT NULL DEFAULT '{}',
        progress            smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        details             jsonb NOT NULL DEFAULT '{}',
        result              jsonb,
        error               jsonb,
        priority            smallint NOT NULL DEFAULT 0,
        attempt             integer NOT NULL DEFAULT 0,
        max_attempts        integer NOT NULL DEFAULT 1 CHECK (max_attempts >= 1),
        run_at              timestamptz(3) NOT NULL DEFAULT now(),
        lease_owner         text,
        lease_expires_at    timestamptz(3),
        cancel_requested_at timestamptz(3),
        canceled_by         text,
        cancel_mode         text,
        idempotency_key     text,
        request_hash        text,
        created_at          timestamptz(3) NOT NULL DEFAULT now(),
        started_at          timestamptz(3),
        completed_at        timestamptz(3)
      )`);
    // Claim order, only over pending rows: a claim reads the head of this index and never sorts
    // the backlog, so its cost stays flat however many rows wait.
    await q.query(`CREATE INDEX tasks_claim_idx ON tasks (priority DESC, run_at, id) WHERE status = 'pending'`);
    // A user's list, newest first, with keyset pagination on (created_at, id).
    await q.query(`CREATE INDEX tasks_user_created_idx ON tasks (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tasks_user_status_created_idx ON tasks (user_id, status, created_at DESC, id DESC)`);
    // Admins list everyone's tasks.
    await q.query(`CREATE INDEX tasks_created_idx ON tasks (created_at DESC, id DESC)`);
    // Lease recovery scans only running rows.
    await q.query(`CREATE INDEX tasks_lease_idx ON tasks (lease_expires_at) WHERE status = 'running'`);
    // Cleanup scans only finished rows, oldest first.
    await q.query(
      `CREATE INDEX tasks_finished_idx ON tasks (completed_at) WHERE status IN ('completed', 'failed', 'canceled')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX tasks_idempotency_idx ON tasks (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    // The backlog limit counts a user's pending tasks.
    await q.query(`CREATE INDEX tasks_user_pending_idx ON tasks (user_id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tasks`);
  }
}
