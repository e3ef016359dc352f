import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { databaseUrl } from './db-url';

/**
 * Runs once per `jest` run: finds a PostgreSQL server (DATABASE_URL, or an embedded one when it
 * is unset), migrates a template database once, and tells the spec files where it is. Each spec
 * file then clones the template (test/support/database.ts), which takes milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'relia-test-pg-'));
    const embedded = new EmbeddedDatabase(dir);
    serverUrl = await embedded.start();
    Object.assign(globalThis, { __RELIA_EMBEDDED__: { embedded, dir } });
  }
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const template = `relia_tpl_${runId}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(serverUrl, template), 2));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, { log: () => undefined });
  } finally {
    await dataSource.destroy();
  }
  process.env.RELIA_TEST_SERVER_URL = serverUrl;
  process.env.RELIA_TEST_RUN_ID = runId;
  process.env.RELIA_TEST_TEMPLATE = template;
  // The service under test must never pick up the developer's own DATABASE_URL by accident.
  delete process.env.DATABASE_URL;
}
