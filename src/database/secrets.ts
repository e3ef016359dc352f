import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Returns the named shared secret, creating it on first use. Two replicas racing here both end
 * up with the row that won the insert.
 */
export async function sharedSecret(dataSource: DataSource, name: string): Promise<Buffer> {
  await dataSource.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    randomBytes(32),
  ]);
  const [row] = await dataSource.query(`SELECT value FROM app_secrets WHERE name = $1`, [name]);
  return row.value as Buffer;
}
