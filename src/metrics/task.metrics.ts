import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Task } from '../tasks/task.entity';
import { TASK_EVENTS, TASK_SIGNALS, type TaskLifecycleEvent } from '../tasks/task-events';

/** Tasks run from milliseconds (lint) to minutes (test runs). */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const seconds = (from: Date | null, to: Date | null): number | undefined =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : undefined;

/**
 * Lifecycle counters and histograms, kept from the events this replica emits: each move is made
 * (and counted) on exactly one replica, so summing over replicas gives the fleet's figures.
 */
@Injectable()
export class TaskMetrics {
  private readonly created: Counter<'type'>;
  private readonly started: Counter<'type'>;
  private readonly completed: Counter<'type'>;
  private readonly failed: Counter<'type' | 'code'>;
  private readonly canceled: Counter<'type' | 'mode'>;
  private readonly timeouts: Counter<'type'>;
  private readonly recoveries: Counter<'type' | 'outcome'>;
  private readonly duration: Histogram<'type' | 'status'>;
  private readonly queueWait: Histogram<'type'>;

  constructor(registry: Registry) {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers: [registry] });
    this.created = counter('relia_tasks_created_total', 'Tasks created', ['type']);
    this.started = counter('relia_tasks_started_total', 'Task attempts started', ['type']);
    this.completed = counter('relia_tasks_completed_total', 'Tasks completed', ['type']);
    this.failed = counter('relia_tasks_failed_total', 'Tasks failed, by error code', ['type', 'code']);
    this.canceled = counter('relia_tasks_canceled_total',
      'Tasks canceled: mode pending (before it ran), cooperative (the handler stopped) or forced (its thread was ended)', ['type', 'mode']);
    this.timeouts = counter('relia_task_timeouts_total', 'Task attempts stopped by their time limit', ['type']);
    this.recoveries = counter('relia_task_lease_recoveries_total',
      'Running tasks taken back after their replica stopped renewing the lease, by what became of them', ['type', 'outcome']);
    this.duration = new Histogram({ name: 'relia_task_duration_seconds', help: 'Run time of finished attempts (start to finish)',
      labelNames: ['type', 'status'], buckets: DURATION_BUCKETS, registers: [registry] });
    this.queueWait = new Histogram({ name: 'relia_task_queue_wait_seconds', help: 'Time from creation to the start of an attempt',
      labelNames: ['type'], buckets: DURATION_BUCKETS, registers: [registry] });
  }

  @OnEvent(TASK_EVENTS.created)
  onCreated({ task }: TaskLifecycleEvent): void {
    this.created.inc({ type: task.type });
  }

  @OnEvent(TASK_EVENTS.started)
  onStarted({ task }: TaskLifecycleEvent): void {
    this.started.inc({ type: task.type });
    const wait = seconds(task.createdAt, task.startedAt);
    if (wait !== undefined) this.queueWait.observe({ type: task.type }, wait);
  }

  @OnEvent(TASK_EVENTS.completed)
  @OnEvent(TASK_EVENTS.failed)
  @OnEvent(TASK_EVENTS.canceled)
  onFinished({ name, task }: TaskLifecycleEvent): void {
    if (name === TASK_EVENTS.completed) this.completed.inc({ type: task.type });
    if (name === TASK_EVENTS.failed) this.failed.inc({ type: task.type, code: task.error?.code ?? 'unknown' });
    if (name === TASK_EVENTS.canceled) this.canceled.inc({ type: task.type, mode: task.cancelMode ?? 'pending' });
    if (task.error?.code === 'timeout') this.timeouts.inc({ type: task.type });
    const ran = seconds(task.startedAt, task.completedAt);
    if (ran !== undefined) this.duration.observe({ type: task.type, status: task.status }, ran);
  }

  @OnEvent(TASK_SIGNALS.recovered)
  onRecovered(task: Task): void {
    this.recoveries.inc({ type: task.type, outcome: task.status });
  }
}
