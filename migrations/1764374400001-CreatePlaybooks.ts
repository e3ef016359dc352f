import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlaybooks1764374400001 implements MigrationInterface {
  name = 'CreatePlaybooks1764374400001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE playbooks (
        id          uuid PRIMARY KEY,
        user_id     text NOT NULL,
        name        text NOT NULL,
        content     text NOT NULL,
        created_at  timestamptz(3) NOT NULL DEFAULT now(),
        updated_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX playbooks_user_created_idx ON playbooks (user_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE playbooks`);
  }
}
