import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('test database', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('is migrated: every table exists and the claim index is partial', async () => {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    expect(rows.map((r) => r.tablename)).toEqual(['app_secrets', 'migrations', 'playbooks', 'tasks', 'telemetry_events']);
    const idx = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'tasks_claim_idx'`);
    expect(idx.rows[0].indexdef).toContain(`WHERE (status = 'pending'::text)`);
  });
});
