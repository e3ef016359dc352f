import { Client, type ClientBase } from 'pg';

/**
 * A connection of a work function's own, in its worker thread: project trees are read and
 * written there, so that megabytes of files never pass through the main thread.
 */
export async function withWorkerClient<T>(databaseUrl: string, work: (db: ClientBase) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'relia-worker' });
  await client.connect();
  client.on('error', () => undefined);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
