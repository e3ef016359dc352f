import { ApiProperty } from '@nestjs/swagger';
import type { StoredTelemetryEvent } from '../../telemetry/telemetry.repository';

/** One stored lifecycle event of a task. */
export class TelemetryEventView {
  @ApiProperty({ example: 'task_started', enum: ['task_created', 'task_started', 'task_completed', 'task_failed', 'task_canceled'] })
  name: string;
  @ApiProperty({ format: 'uuid' }) task_id: string | null;
  @ApiProperty({ example: 'alice' }) user_id: string | null;
  @ApiProperty({ example: 'lint' }) task_type: string | null;
  @ApiProperty({ format: 'date-time' }) occurred_at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { attempt: 1, queue_ms: 4 } })
  attributes: Record<string, unknown>;

  static from(e: StoredTelemetryEvent): TelemetryEventView {
    return { name: e.name, task_id: e.taskId, user_id: e.userId, task_type: e.taskType,
      occurred_at: e.occurredAt.toISOString(), attributes: e.attributes };
  }
}

export class TelemetryEventListView {
  @ApiProperty({ type: [TelemetryEventView] }) items: TelemetryEventView[];
}
