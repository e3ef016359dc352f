import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Task } from '../task.entity';
import { TASK_STATUSES, type TaskStatus } from '../task-status';

export class ErrorInfoView {
  @ApiProperty({ example: 'handler_error' }) code: string;
  @ApiProperty({ example: 'The playbook could not be read' }) message: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Payload keys that name what a task works on (a playbook, a project's revision), never its options. */
const SUBJECT_KEY = /^(?:[a-z]+_id|playbook)$/;

/**
 * What the task works on, from its payload: the ids only, so that a client can open the
 * playbook or file a finding is in, while options (extra_vars may hold secrets) stay out.
 */
function subjectOf(payload: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(payload ?? {}).filter(([key, value]) => SUBJECT_KEY.test(key) && typeof value === 'string')) as
    Record<string, string>;
}

/** A task as the API shows it (snake_case, as in the seed). */
export class TaskView {
  @ApiProperty({ format: 'uuid', example: '0193a5c2-7d1e-7a4b-9c3f-2b6e8f1d4a90' }) task_id: string;
  @ApiProperty({ example: 'lint' }) type: string;
  @ApiProperty({ enum: TASK_STATUSES, example: 'running' }) status: TaskStatus;
  @ApiProperty({ example: 'alice' }) user_id: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { step: 'linting' } })
  details: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) started_at: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completed_at: string | null;
  @ApiProperty({ type: ErrorInfoView, nullable: true }) error: ErrorInfoView | null;
  @ApiProperty({ description: 'Claims so far (each retry is a new attempt)' }) attempt: number;
  @ApiProperty() max_attempts: number;
  @ApiProperty() priority: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancel_requested_at: string | null;
  @ApiProperty({ nullable: true, type: String }) canceled_by: string | null;
  @ApiPropertyOptional({ enum: ['cooperative', 'forced'], nullable: true }) cancel_mode: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { playbook_id: '0193a5c2-7d1e-7a4b-9c3f-2b6e8f1d4a90' },
    description: 'What the task works on: the ids its request named (playbook_id, project_id, revision_id, playbook)' })
  subject: Record<string, string>;

  static from(task: Task): TaskView {
    return {
      task_id: task.id, type: task.type, status: task.status, user_id: task.userId, progress: task.progress,
      details: task.details, created_at: task.createdAt.toISOString(), started_at: iso(task.startedAt),
      completed_at: iso(task.completedAt), error: task.error, attempt: task.attempt, max_attempts: task.maxAttempts,
      priority: task.priority, cancel_requested_at: iso(task.cancelRequestedAt), canceled_by: task.canceledBy,
      cancel_mode: task.cancelMode, subject: subjectOf(task.payload),
    };
  }
}

export class TaskPageView {
  @ApiProperty({ type: [TaskView] }) items: TaskView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null at the end' })
  next_cursor: string | null;
}

export class TaskResultView {
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ description: 'What the task produced (for lint: engine, passed, summary, findings)', nullable: true,
    type: 'object', additionalProperties: true })
  result: unknown;
  @ApiProperty({ type: ErrorInfoView, nullable: true }) error: ErrorInfoView | null;

  static from(task: Task): TaskResultView {
    return { task_id: task.id, status: task.status, result: task.result ?? null, error: task.error };
  }
}
