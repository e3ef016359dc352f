import type { ClientBase, Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** Runs `work` in one transaction on `client`: all of it commits, or none of it. */
export async function inTransaction<T>(client: ClientBase, work: (client: ClientBase) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * A transaction on a connection of TypeORM's own pool, for work that streams (an upload) and so
 * needs one connection for its whole length. A connection whose rollback failed is discarded.
 */
export async function inPooledTransaction<T>(db: DataSource, work: (client: ClientBase) => Promise<T>): Promise<T> {
  const client: PoolClient = await (db.driver as unknown as { master: Pool }).master.connect();
  let broken: Error | undefined;
  try {
    return await inTransaction(client, work);
  } catch (error) {
    broken = await client.query('SELECT 1').then(() => undefined, (e: Error) => e);
    throw error;
  } finally {
    client.release(broken);
  }
}
