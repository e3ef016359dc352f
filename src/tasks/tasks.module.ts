import { Module } from '@nestjs/common';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { TaskTelemetryService } from './task-telemetry.service';
import { TaskChangeHub } from './task-change.hub';
import { TaskChangePublisher } from './task-change.publisher';
import { TaskCleanupJob } from './task-cleanup.job';
import { TaskStreamsService } from './task-streams.service';
import { TaskWaiters } from './task-waiters';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [TelemetryModule],
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, TaskWaiters, TaskCleanupJob, TaskChangePublisher, TaskChangeHub, TaskStreamsService,
    TaskTelemetryService],
  exports: [TasksRepository, TasksService, TaskChangePublisher, TaskChangeHub],
})
export class TasksModule {}
