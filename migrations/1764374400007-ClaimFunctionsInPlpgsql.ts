import { MigrationInterface, QueryRunner } from 'typeorm';
import { CreateClaimableTasks1764374400004 } from './1764374400004-CreateClaimableTasks';
import { CreateClaimableTasksOfTypes1764374400006 } from './1764374400006-CreateClaimableTasksOfTypes';

/**
 * The claim functions in PL/pgSQL instead of SQL. A SQL function that cannot be inlined (these
 * carry SET clauses) plans its body on every call: 0.18 ms of planning per claim, more than the
 * claim of a few rows itself (pg_stat_statements under bench:api). PL/pgSQL keeps the plan for the
 * session. Same bodies, same settings (see 1764374400004 and 1764374400006 for why).
 */
export class ClaimFunctionsInPlpgsql1764374400007 implements MigrationInterface {
  name = 'ClaimFunctionsInPlpgsql1764374400007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION claimable_tasks(integer)`);
    await q.query(`
      CREATE FUNCTION claimable_tasks(n integer) RETURNS SETOF uuid
        LANGUAGE plpgsql VOLATILE ROWS 8
        SET enable_sort = off
        SET enable_bitmapscan = off
      AS $$
      BEGIN
        RETURN QUERY
          SELECT id FROM tasks
           WHERE status = 'pending' AND run_at <= now()
           ORDER BY priority DESC, run_at, id
           LIMIT n
           FOR UPDATE SKIP LOCKED;
      END
      $$`);
    await q.query(`DROP FUNCTION claimable_tasks_of(integer, text[], integer)`);
    await q.query(`
      CREATE FUNCTION claimable_tasks_of(n integer, types text[], horizon integer) RETURNS SETOF uuid
        LANGUAGE plpgsql VOLATILE ROWS 8
        SET enable_sort = off
        SET enable_bitmapscan = off
      AS $$
      BEGIN
        RETURN QUERY
          SELECT t.id FROM (
            SELECT tasks.id FROM tasks
             WHERE tasks.status = 'pending' AND tasks.run_at <= now()
             ORDER BY tasks.priority DESC, tasks.run_at, tasks.id
             LIMIT horizon) head
            JOIN tasks t ON t.id = head.id
           WHERE t.type = ANY(types) AND t.status = 'pending'
           LIMIT n
           FOR UPDATE OF t SKIP LOCKED;
      END
      $$`);
  }

  /** Back to the SQL versions, as their own migrations create them. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION claimable_tasks(integer)`);
    await q.query(`DROP FUNCTION claimable_tasks_of(integer, text[], integer)`);
    await new CreateClaimableTasks1764374400004().up(q);
    await new CreateClaimableTasksOfTypes1764374400006().up(q);
  }
}
