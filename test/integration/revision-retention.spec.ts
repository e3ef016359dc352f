import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '../../src/config/config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { inTransaction } from '../../src/database/transaction';
import type { TreeEntry } from '../../src/projects/intake/tree-entry';
import { RevisionRetentionJob } from '../../src/projects/retention/revision-retention.job';
import { holdBlobs, insertRevision } from '../../src/projects/store/revision-writer';
import { collectTree } from '../../src/projects/store/tree-collector';
import { createTestDatabase, TestDatabase } from '../support/database';

async function* files(contents: Record<string, string>): AsyncGenerator<TreeEntry> {
  for (const [path, data] of Object.entries(contents)) yield { kind: 'file', path, mode: 0o644, content: Readable.from([Buffer.from(data)]) };
}

/** Retention on a real PostgreSQL: what nothing refers to goes, with its blobs; the rest stays. */
describe('revision retention', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let client: Client;
  let job: RevisionRetentionJob;
  const project = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 4)).initialize();
    client = new Client({ connectionString: db.url });
    await client.connect();
    job = new RevisionRetentionJob(loadConfig({ RELIA_PROJECT_REVISION_RETENTION_HOURS: '1' }), {} as SchedulerRegistry, ds);
    await client.query(`INSERT INTO projects (id, user_id, name) VALUES ($1, 'alice', 'p')`, [project]);
  });
  afterAll(async () => {
    await client.end();
    await ds.destroy();
    await db.drop();
  });

  const store = (contents: Record<string, string>) => inTransaction(client, async (tx) => {
    await holdBlobs(tx);
    return (await insertRevision(tx, project, { source: 'archive', archiveSha256: 'x' }, await collectTree(tx, files(contents)))).revisionId;
  });
  const age = (id: string, hours: number) => client.query(`UPDATE project_revisions SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [id, hours]);
  const revisions = async () => (await client.query(`SELECT id FROM project_revisions`)).rows.map((r) => r.id).sort();
  const blobCount = async () => Number((await client.query(`SELECT count(*) AS n FROM project_blobs`)).rows[0].n);

  it('removes old unreferenced revisions and their own blobs, and keeps heads, referenced and recent revisions', async () => {
    const orphan = await store({ 'a.yml': 'only in the orphan\n', 'shared.yml': 'shared\n' });
    const byTask = await store({ 'b.yml': 'kept by a task\n', 'shared.yml': 'shared\n' });
    const recent = await store({ 'c.yml': 'recent\n' });
    const head = await store({ 'd.yml': 'the head\n', 'shared.yml': 'shared\n' });
    for (const id of [orphan, byTask, head]) await age(id, 5);
    await client.query(`INSERT INTO tasks (id, type, user_id, payload) VALUES ($1, 'lint', 'alice', $2)`,
      [randomUUID(), { project_id: project, revision_id: byTask }]);
    const before = await blobCount();

    expect(await job.run()).toEqual({ revisions: 1, blobs: 1 });
    expect(await revisions()).toEqual([byTask, recent, head].sort());
    expect(await blobCount()).toBe(before - 1);
    expect(await job.run()).toEqual({ revisions: 0, blobs: 0 });
  });

  it('leaves the work to the replica that holds the cleanup lock', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(${0x72656c6963})`);
      const orphan = await store({ 'x.yml': 'orphan two\n' });
      await age(orphan, 5);
      await client.query(`UPDATE projects SET head_revision_id = NULL`);
      expect(await job.run()).toEqual({ revisions: 0, blobs: 0 });
    } finally {
      await other.end();
    }
    expect((await job.run()).revisions).toBeGreaterThan(0);
  });
});
