import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { runMigrations } from '../src/database/migrate';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database). */
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
