import { DataSource } from 'typeorm';

/** Any constant works; it only has to be the same for every replica. */
const MIGRATION_LOCK = 0x72656c6961; // "relia"

interface Log {
  log(message: string): void;
}

/**
 * Runs pending migrations under a session advisory lock, so that replicas booting together take
 * turns instead of racing to create the same tables.
 */
export async function runMigrations(dataSource: DataSource, logger: Log): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.log(`Applied migration ${m.name}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
