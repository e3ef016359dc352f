import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets every replica must share (the key that signs list cursors). Kept in the database so a
 * deployment needs no extra configuration for them, and rotated by deleting the row.
 */
export class CreateAppSecrets1764374400003 implements MigrationInterface {
  name = 'CreateAppSecrets1764374400003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE app_secrets (name text PRIMARY KEY, value bytea NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_secrets`);
  }
}
