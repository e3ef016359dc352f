import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl } from './db-url';

export interface TestDatabase {
  url: string;
  name: string;
  /** One statement on a connection of its own, for checks the API does not show (rows left behind). */
  query<T = any>(sql: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest, whose global setup prepares the database`);
  return value;
}

/** A fresh, migrated database cloned from the run's template (one per spec file, or per test). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = requireEnv('RELIA_TEST_SERVER_URL');
  const name = `relia_t_${requireEnv('RELIA_TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${requireEnv('RELIA_TEST_TEMPLATE')}`);
  const url = databaseUrl(serverUrl, name);
  return {
    name,
    url,
    query: (sql, values) => queryOnce(url, sql, values),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function queryOnce<T>(url: string, sql: string, values?: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
