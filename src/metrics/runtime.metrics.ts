import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Dispatcher } from '../executor/dispatcher';
import { WorkerPool } from '../executor/worker-pool';
import { TaskChangeHub } from '../tasks/task-change.hub';

/** However often Prometheus scrapes, the database is asked at most this often. */
const STATUS_REFRESH_MS = 10_000;

/**
 * Gauges read at scrape time from memory (pool, dispatcher, live streams), and the number of
 * pending and running tasks, refreshed at most every 10 s by a query that each partial index
 * answers alone (tasks_claim_idx, tasks_lease_idx) — no count over the whole table. Finished
 * tasks are not gauged: their rate is in the counters, and counting millions of rows per scrape
 * is what this avoids.
 */
@Injectable()
export class RuntimeMetrics {
  private counts: { pending: number; running: number } | undefined;
  private refreshedAt = 0;

  constructor(registry: Registry, pool: WorkerPool, dispatcher: Dispatcher, hub: TaskChangeHub, private readonly db: DataSource) {
    const gauge = (name: string, help: string, read: () => number): void =>
      void new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
    gauge('relia_worker_pool_size', 'Worker threads in this replica’s pool', () => pool.size);
    gauge('relia_worker_pool_busy', 'Worker threads running a task now', () => pool.busy);
    gauge('relia_worker_pool_queue_length', 'Tasks waiting for a worker thread inside the pool', () => pool.queued);
    gauge('relia_dispatcher_running', 'Task attempts this replica runs now', () => dispatcher.running);
    gauge('relia_dispatcher_draining', '1 while this replica is shutting down', () => (dispatcher.isDraining ? 1 : 0));
    gauge('relia_live_streams', 'Open live event streams on this replica', () => hub.size);
    const self = this;
    new Gauge({ name: 'relia_tasks', help: 'Tasks by status (pending and running; refreshed at most every 10 s)',
      labelNames: ['status'], registers: [registry],
      async collect() {
        const counts = await self.statusCounts();
        for (const [status, n] of Object.entries(counts ?? {})) this.set({ status }, n);
      } });
  }

  private async statusCounts(): Promise<{ pending: number; running: number } | undefined> {
    if (Date.now() - this.refreshedAt < STATUS_REFRESH_MS) return this.counts;
    this.refreshedAt = Date.now();
    const [row] = await this.db.query(
      `SELECT (SELECT count(*) FROM tasks WHERE status = 'pending')::int AS pending,
              (SELECT count(*) FROM tasks WHERE status = 'running')::int AS running`).catch(() => [undefined]);
    if (row) this.counts = row;
    return this.counts;
  }
}
