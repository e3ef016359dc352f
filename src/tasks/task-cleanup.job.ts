import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, QueryRunner } from 'typeorm';
import { scheduleCleanup, underCleanupLock } from '../database/cleanup-lock';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { TaskTelemetryService } from './task-telemetry.service';
import { TasksService } from './tasks.service';

const JOB = 'task-cleanup';
/**
 * After this many deleted rows, VACUUM now rather than wait for autovacuum (which may be off, or
 * a minute away): the freed space is then reused at once and the table does not grow.
 */
const VACUUM_AFTER_ROWS = 10_000;

/**
 * Removes finished tasks past their retention (RELIA_TASK_CLEANUP_HOURS) on a schedule
 * (RELIA_TASK_CLEANUP_CRON, every 10 minutes by default; "off" disables it).
 */
@Injectable()
export class TaskCleanupJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('TaskCleanup');

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly tasks: TasksService,
    private readonly telemetry: TaskTelemetryService,
    private readonly scheduler: SchedulerRegistry,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    scheduleCleanup(this.scheduler, JOB, this.config.task.cleanupCron);
  }

  // The decorator's schedule is a placeholder that onApplicationBootstrap replaces from config.
  @Cron('0 */10 * * * *', { name: JOB, waitForCompletion: true })
  async run(): Promise<number> {
    try {
      return (await underCleanupLock(this.db, (runner) => this.clean(runner))) ?? 0;
    } catch (error) {
      this.logger.warn(`Cleanup failed: ${(error as Error).message}`);
      return 0;
    }
  }

  private async clean(runner: QueryRunner): Promise<number> {
    const started = Date.now();
    const removed = await this.tasks.cleanupTasks();
    const expired = await this.telemetry.expire();
    if (removed >= VACUUM_AFTER_ROWS) await runner.query('VACUUM (ANALYZE) tasks');
    if (expired >= VACUUM_AFTER_ROWS) await runner.query('VACUUM (ANALYZE) telemetry_events');
    if (removed + expired > 0) {
      this.logger.log(`Removed ${removed} finished tasks and ${expired} telemetry events in ${Date.now() - started} ms`);
    }
    return removed;
  }
}
