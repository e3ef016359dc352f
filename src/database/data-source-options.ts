import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { Task } from '../tasks/task.entity';
import { Playbook } from '../playbooks/playbook.entity';
import { TelemetryEvent } from '../telemetry/telemetry-event.entity';

export const ENTITIES = [Task, Playbook, TelemetryEvent];

/** One place that says how Relia talks to PostgreSQL, for the service, the CLI and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // The schema comes from migrations only, in every environment.
    synchronize: false,
    logging: ['error'],
    extra: {
      max: poolSize,
      application_name: 'relia',
      // Fail fast instead of queueing forever when PostgreSQL is away; readiness reports it.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    },
  };
}
