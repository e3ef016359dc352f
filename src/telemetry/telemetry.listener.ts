import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { TASK_EVENTS, type TaskLifecycleEvent } from '../tasks/task-events';
import type { Task } from '../tasks/task.entity';
import { TelemetryWriter } from './telemetry.writer';

/**
 * Records every task lifecycle event: stored (batched) and logged. Invariant 8: whatever goes
 * wrong here is caught and logged; it never reaches the executor.
 */
@Injectable()
export class TelemetryListener {
  private readonly logger = new Logger('Telemetry');

  /** Lines for successes are built only when they would be written: thousands a second otherwise. */
  private readonly logSuccesses: boolean;

  constructor(
    private readonly writer: TelemetryWriter,
    @Inject(CONFIG) config: ReliaConfig,
  ) {
    this.logSuccesses = config.logLevel === 'debug' || config.logLevel === 'verbose';
  }

  @OnEvent(TASK_EVENTS.created)
  @OnEvent(TASK_EVENTS.started)
  @OnEvent(TASK_EVENTS.completed)
  @OnEvent(TASK_EVENTS.failed)
  @OnEvent(TASK_EVENTS.canceled)
  record(event: TaskLifecycleEvent): void {
    try {
      const { task } = event;
      this.writer.add({ name: event.name, taskId: task.id, userId: task.userId, taskType: task.type,
        occurredAt: new Date(), attributes: attributes(event.name, task) });
      // Successes are the bulk at thousands per second: debug level; failures are always worth a line.
      const failed = event.name === TASK_EVENTS.failed;
      if (!failed && !this.logSuccesses) return;
      const line = `${event.name} ${task.type} ${task.id} user=${task.userId}${task.error ? ` error=${task.error.code}` : ''}`;
      if (failed) this.logger.log(line);
      else this.logger.debug(line);
    } catch (error) {
      this.logger.error(`Telemetry listener failed: ${(error as Error).message}`);
    }
  }
}

/** What is worth keeping about each event: timings and outcome, never payloads or results. */
function attributes(name: string, task: Task): Record<string, unknown> {
  const ms = (a: Date | null, b: Date | null): number | undefined => (a && b ? b.getTime() - a.getTime() : undefined);
  switch (name) {
    case TASK_EVENTS.started:
      return { attempt: task.attempt, queue_ms: ms(task.createdAt, task.startedAt) };
    case TASK_EVENTS.completed:
    case TASK_EVENTS.failed:
    case TASK_EVENTS.canceled:
      return { attempt: task.attempt, duration_ms: ms(task.startedAt, task.completedAt), error: task.error?.code,
        cancel_mode: task.cancelMode ?? undefined };
    default:
      return { priority: task.priority };
  }
}
