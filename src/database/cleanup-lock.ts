import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronTime } from 'cron';
import type { DataSource, QueryRunner } from 'typeorm';

/** Any constant; the same on every replica, so only one of them cleans up at a time. */
export const CLEANUP_LOCK = 0x72656c6963; // "relic"

/**
 * Runs `work` on one connection while this replica holds the cleanup lock; answers undefined,
 * doing nothing, while another replica holds it.
 */
export async function underCleanupLock<T>(db: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T | undefined> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [CLEANUP_LOCK]);
    if (!locked) return undefined;
    try {
      return await work(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [CLEANUP_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** A cleanup job's `@Cron` schedule is a placeholder: RELIA_TASK_CLEANUP_CRON replaces it ("off" stops it). */
export function scheduleCleanup(scheduler: SchedulerRegistry, job: string, cron: string): void {
  const cronJob = scheduler.getCronJob(job);
  if (cron === 'off') return void cronJob.stop();
  cronJob.setTime(new CronTime(cron));
  cronJob.start();
}
