import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cleanup deletes finished tasks and expired telemetry in bulk. PostgreSQL's defaults wait for
 * 20 % of a table to be dead before autovacuum visits it — 200,000 dead rows on a million-row
 * table, scanned by every query meanwhile. These tables vacuum after 1 % (plus 1,000 rows),
 * and with less throttling, so the space a cleanup frees is reused by new rows instead of
 * growing the files. The cleanup job also runs VACUUM itself after large deletes, because
 * some servers run with autovacuum off (bench/RESULTS.md, "Cleanup at scale").
 */
export class CleanupVacuumSettings1764374400005 implements MigrationInterface {
  name = 'CleanupVacuumSettings1764374400005';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['tasks', 'telemetry_events']) {
      await q.query(`ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
        autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 1)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tasks', 'telemetry_events']) {
      await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
        autovacuum_analyze_scale_factor, autovacuum_vacuum_cost_delay)`);
    }
  }
}
