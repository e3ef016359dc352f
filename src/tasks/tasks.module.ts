import { Module } from '@nestjs/common';
import { TaskChangeHub } from './task-change.hub';
import { TaskChangePublisher } from './task-change.publisher';
import { TaskCleanupJob } from './task-cleanup.job';
import { TaskStreamsService } from './task-streams.service';
import { TaskWaiters } from './task-waiters';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, TaskWaiters, TaskCleanupJob, TaskChangePublisher, TaskChangeHub, TaskStreamsService],
  exports: [TasksRepository, TasksService, TaskChangePublisher, TaskChangeHub],
})
export class TasksModule {}
