import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES, type TaskStatus } from '../../tasks/task-status';
import type { Task } from '../../tasks/task.entity';

/** The answer to POST /async/lint and /async/test (and to a sync call that outlasted its wait). */
export class RunAcceptedView {
  @ApiProperty({ format: 'uuid' }) task_id: string;
  @ApiProperty({ format: 'uuid' }) playbook_id: string;
  @ApiProperty({ enum: TASK_STATUSES, example: 'pending' }) status: TaskStatus;

  static from(task: Task): RunAcceptedView {
    return { task_id: task.id, playbook_id: String(task.payload.playbook_id ?? task.details.playbook_id), status: task.status };
  }
}
