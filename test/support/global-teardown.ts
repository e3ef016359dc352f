import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedDatabase } from '../../src/database/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.RELIA_TEST_SERVER_URL;
  const runId = process.env.RELIA_TEST_RUN_ID;
  if (serverUrl && runId) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname DESC`,
        [`relia_%${runId}%`],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const held = (globalThis as Record<string, unknown>).__RELIA_EMBEDDED__ as
    | { embedded: EmbeddedDatabase; dir: string }
    | undefined;
  if (held) {
    await held.embedded.stop();
    rmSync(held.dir, { recursive: true, force: true });
  }
}
