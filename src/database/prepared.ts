import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Named (server-side prepared) statements on TypeORM's own pg pool, for the hot paths: PostgreSQL
 * parses and plans each one once per connection instead of on every call. Planning a one-row
 * lookup on `tasks` (nine indexes to weigh) costs more than the lookup: pgbench, one client, the
 * same SELECT by id, 1,630 tx/s planned every time vs 6,030 prepared (bench/RESULTS.md, issue 8).
 * TypeORM's `query()` cannot name a statement. A name must always come with the same text.
 */
export class PreparedStatements {
  constructor(private readonly db: DataSource) {}

  async rows<T = Record<string, unknown>>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.db.driver as unknown as { master: Pool }).master;
    return (await pool.query({ name, text, values })).rows as T[];
  }
}
