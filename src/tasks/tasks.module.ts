import { Module } from '@nestjs/common';
import { TaskCleanupJob } from './task-cleanup.job';
import { TaskWaiters } from './task-waiters';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, TaskWaiters, TaskCleanupJob],
  exports: [TasksRepository, TasksService],
})
export class TasksModule {}
