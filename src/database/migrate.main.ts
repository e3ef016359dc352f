import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedDatabase } from './embedded-database';
import { runMigrations } from './migrate';

/**
 * `npm run migration:run`, and in production `node dist/src/database/migrate.main.js` (the
 * Kubernetes migration Job): applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : new EmbeddedDatabase(config.dataDir);
  const url = config.databaseUrl ?? (await embedded!.start());
  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    await runMigrations(dataSource, console);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
