import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import { TASK_STATUSES, type TaskStatus } from '../task-status';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ example: 'lint' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.-]{0,63}$/, { message: 'type must be a task type name' })
  type?: string;

  @ApiPropertyOptional({ description: 'Admins only: list this user’s tasks' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  user_id?: string;
}
