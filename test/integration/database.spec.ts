import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { PgNotifier } from '../../src/database/pg-notifier';
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
    expect(rows.map((r) => r.tablename)).toEqual(['app_secrets', 'migrations', 'playbooks', 'project_blob_chunks', 'project_blobs',
      'project_files', 'project_revisions', 'projects', 'tasks', 'telemetry_events']);
    const idx = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'tasks_claim_idx'`);
    expect(idx.rows[0].indexdef).toContain(`WHERE (status = 'pending'::text)`);
  });
});

describe('PgNotifier', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let listener: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    await listener.query('LISTEN relia_order_check');
  });
  afterAll(async () => {
    await listener.end();
    await ds.destroy();
    await db.drop();
  });

  it('delivers the notifications of one statement, and of statements one after another, in order', async () => {
    const received: string[] = [];
    listener.on('notification', (n) => received.push(n.payload ?? ''));
    const notifier = new PgNotifier(ds);
    const first = Array.from({ length: 40 }, (_, i) => `a${i}`);
    await notifier.sendEach('relia_order_check', first);
    await notifier.send('relia_order_check', 'b');
    await notifier.sendEach('relia_order_check', ['c0', 'c1']);
    const expected = [...first, 'b', 'c0', 'c1'];
    const deadline = Date.now() + 5000;
    while (received.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(expected);
  });
});
