import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_STATUSES, type TaskStatus } from '../../tasks/task-status';
import type { Task } from '../../tasks/task.entity';

/** The answer to POST /async/lint and /async/test (and to a sync call that outlasted its wait). */
export class RunAcceptedView {
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For a stored playbook' }) playbook_id?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For a project' }) project_id?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The project revision the run works on' }) revision_id?: string;
  @ApiProperty({ enum: TASK_STATUSES, example: 'pending' }) status: TaskStatus;

  static from(task: Task): RunAcceptedView {
    const about = (key: string) => (task.payload[key] ?? task.details[key]) as string | undefined;
    if (!about('project_id')) return { task_id: task.id, playbook_id: String(about('playbook_id')), status: task.status };
    return { task_id: task.id, project_id: about('project_id'), revision_id: about('revision_id'), status: task.status };
  }
}
