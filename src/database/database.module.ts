import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { CONFIG } from '../config/config.module';
import { ReliaConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { DATABASE_URL } from './tokens';
import { CursorCodec } from '../common/cursor';
import { sharedSecret } from './secrets';
import { PgListener } from './pg-listener';
import { PgNotifier } from './pg-notifier';

/**
 * A backend killed under a busy client (pg_terminate_backend, a failover) makes pg emit 'error'
 * twice on it; TypeORM removes its listener after the first, and the second, unheard, crashed the
 * process (seen in the replicas e2e spec). Every pooled client keeps a listener for its life: the
 * query that was running already failed on its own and is retried by its caller.
 */
function guardPooledClients(dataSource: DataSource): void {
  const logger = new Logger('Database');
  const pool = (dataSource.driver as unknown as { master: Pool & { _clients?: PoolClient[] } }).master;
  const guard = (client: PoolClient): void => {
    client.on('error', (error) => logger.warn(`Connection lost: ${error.message}`));
  };
  pool.on('connect', guard);
  for (const client of pool._clients ?? []) guard(client);
}

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  // Runs after every other provider's shutdown hook that uses the database has finished
  // (Nest calls hooks in reverse dependency order, and everything depends on DataSource).
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DATABASE_URL,
      inject: [CONFIG],
      useFactory: (config: ReliaConfig): string => {
        // main.ts starts the embedded server (if any) before the app, so a URL is always known.
        if (!config.databaseUrl) throw new Error('No database URL: main.ts must start the embedded database first');
        return config.databaseUrl;
      },
    },
    {
      provide: DataSource,
      inject: [CONFIG, DATABASE_URL],
      useFactory: async (config: ReliaConfig, url: string): Promise<DataSource> => {
        const dataSource = new DataSource(dataSourceOptions(url, config.databasePoolSize));
        await dataSource.initialize();
        guardPooledClients(dataSource);
        await runMigrations(dataSource, new Logger('Migrations'));
        return dataSource;
      },
    },
    {
      provide: PgListener,
      inject: [DATABASE_URL, DataSource],
      useFactory: async (url: string): Promise<PgListener> => {
        const listener = new PgListener(url);
        await listener.start();
        return listener;
      },
    },
    PgNotifier,
    {
      // One key for every replica's list cursors, read once at boot from the shared database.
      provide: CursorCodec,
      inject: [DataSource],
      useFactory: async (db: DataSource): Promise<CursorCodec> => new CursorCodec(await sharedSecret(db, 'cursor')),
    },
    DatabaseLifecycle,
  ],
  exports: [DataSource, DATABASE_URL, PgListener, PgNotifier, CursorCodec],
})
export class DatabaseModule {}
