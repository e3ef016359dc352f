import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prefetch claim: runnable tasks of the given (known-fast) types, taken only from the head of
 * the line (the first `horizon` runnable tasks in claim order). The horizon bounds the scan: a
 * backlog of 100,000 slow tasks with no fast one in it costs a read of `horizon` index entries,
 * not of the whole backlog; and prefetching never reaches far past tasks that wait longer.
 * Same planner settings as claimable_tasks (see its migration); the join walks the head in
 * claim order, so no sort is needed (prefetched tasks are near the head, not strictly in order).
 */
export class CreateClaimableTasksOfTypes1764374400006 implements MigrationInterface {
  name = 'CreateClaimableTasksOfTypes1764374400006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION claimable_tasks_of(n integer, types text[], horizon integer) RETURNS SETOF uuid
        LANGUAGE sql VOLATILE ROWS 8
        SET enable_sort = off
        SET enable_bitmapscan = off
      AS $$
        SELECT t.id FROM (
          SELECT id FROM tasks
           WHERE status = 'pending' AND run_at <= now()
           ORDER BY priority DESC, run_at, id
           LIMIT horizon) head
          JOIN tasks t ON t.id = head.id
         WHERE t.type = ANY(types) AND t.status = 'pending'
         LIMIT n
         FOR UPDATE OF t SKIP LOCKED
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION claimable_tasks_of(integer, text[], integer)`);
  }
}
