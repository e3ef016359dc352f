import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { CONFIG } from '../../config/config.module';
import type { ReliaConfig } from '../../config/config';
import { inPooledTransaction } from '../../database/transaction';
import { scheduleCleanup, underCleanupLock } from '../../database/cleanup-lock';
import { BLOB_COLLECTION_LOCK } from '../store/blob-lock';

const JOB = 'revision-retention';
const NOTHING = { revisions: 0, blobs: 0 };
const BATCH = 500;

/**
 * Removes revisions that no task and no project head refers to once they are older than
 * RELIA_PROJECT_REVISION_RETENTION_HOURS, then the blobs no file holds any more: in batches, on
 * the task cleanup's schedule and under its lock, so one replica does it at a time.
 */
@Injectable()
export class RevisionRetentionJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('RevisionRetention');

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    scheduleCleanup(this.scheduler, JOB, this.config.task.cleanupCron);
  }

  // The decorator's schedule is a placeholder that onApplicationBootstrap replaces from config.
  @Cron('0 */10 * * * *', { name: JOB, waitForCompletion: true })
  async run(now = new Date()): Promise<{ revisions: number; blobs: number }> {
    try {
      return (await underCleanupLock(this.db, () => this.remove(now))) ?? NOTHING;
    } catch (error) {
      this.logger.warn(`Revision retention failed: ${(error as Error).message}`);
      return NOTHING;
    }
  }

  private async remove(now: Date): Promise<{ revisions: number; blobs: number }> {
    const removed = { revisions: await this.inBatches(() => this.removeRevisions(now)), blobs: await this.inBatches(() => this.removeBlobs()) };
    if (removed.revisions + removed.blobs > 0) this.logger.log(`Removed ${removed.revisions} revisions and ${removed.blobs} blobs`);
    return removed;
  }

  private async inBatches(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let n = BATCH; n === BATCH; total += n) n = await batch();
    return total;
  }

  private async removeRevisions(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.project.revisionRetentionHours * 3_600_000);
    const [, count] = await this.db.query(DELETE_UNREFERENCED_REVISIONS, [before, BATCH]);
    return count;
  }

  /** Exclusive against revisions being written, whose new blobs no file refers to yet. */
  private removeBlobs(): Promise<number> {
    return inPooledTransaction(this.db, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [BLOB_COLLECTION_LOCK]);
      return (await client.query(DELETE_UNREFERENCED_BLOBS, [BATCH])).rowCount ?? 0;
    });
  }
}

const DELETE_UNREFERENCED_REVISIONS = `
  DELETE FROM project_revisions WHERE id IN (
    SELECT r.id FROM project_revisions r
     WHERE r.created_at < $1
       AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.head_revision_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.payload ? 'revision_id' AND t.payload->>'revision_id' = r.id::text)
     ORDER BY r.created_at LIMIT $2)`;

// Chunks go with their blob (ON DELETE CASCADE).
const DELETE_UNREFERENCED_BLOBS = `
  DELETE FROM project_blobs WHERE sha256 IN (
    SELECT b.sha256 FROM project_blobs b
     WHERE NOT EXISTS (SELECT 1 FROM project_files f WHERE f.sha256 = b.sha256)
     LIMIT $1)`;
