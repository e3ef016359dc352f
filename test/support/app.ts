import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup';
import { loadDevKeyAndSign } from './tokens';
import { loadConfig, ReliaConfig } from '../../src/config/config';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  /** http://127.0.0.1:<port> */
  url: string;
  config: ReliaConfig;
  db: TestDatabase;
  dataDir: string;
  token(user: string, options?: { admin?: boolean }): Promise<string>;
  close(): Promise<void>;
}

let replicas = 0;

/**
 * The whole service on its own fresh database and data directory, listening on a free port.
 * `env` is applied like environment variables, through the same validation as production.
 * With `replicaOf`, a second replica instead: the same database and data directory (so the same
 * dev-token key), its own replica id; closing it leaves the shared parts to the first.
 */
export async function startTestApp(env: Record<string, string> = {}, replicaOf?: TestApp): Promise<TestApp> {
  const db = replicaOf?.db ?? (await createTestDatabase());
  const dataDir = replicaOf?.dataDir ?? mkdtempSync(join(tmpdir(), 'relia-test-data-'));
  const config = loadConfig({
    RELIA_REPLICA_ID: `test-replica-${process.pid}-${++replicas}`,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    RELIA_DATA_DIR: dataDir,
    RELIA_TASK_CLEANUP_CRON: 'off',
    RELIA_DIAGNOSTIC_HANDLERS: 'true',
    RELIA_TASK_MAX_WORKERS: '2',
    RELIA_LOG_LEVEL: 'warn',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    db,
    dataDir,
    token: (user, options) => loadDevKeyAndSign(dataDir, user, options),
    close: async () => {
      await app.close();
      if (replicaOf) return;
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
