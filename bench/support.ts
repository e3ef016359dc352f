/** What the bench scripts that start the built service share. */
import { loadavg } from 'node:os';
import { Client } from 'pg';

/** The PostgreSQL server the benches use: DATABASE_URL's, else the machine's. */
export const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the server's default database (CREATE / DROP DATABASE). */
export async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

export async function until(check: () => Promise<boolean>, everyMs = 100, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The 1, 5 and 15 minute load averages, printed next to every figure (the machine is shared). */
export const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
