import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { TasksModule } from '../tasks/tasks.module';
import { LintTaskHandler } from './lint.handler';
import { TestTaskHandler } from './test.handler';
import { PlaybooksController } from './playbooks.controller';
import { PlaybooksRepository } from './playbooks.repository';
import { PlaybooksService } from './playbooks.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

/** Task types this module creates; the executor checks each has a handler at boot. */
export const PLAYBOOK_TASK_TYPES = ['lint', 'test'];

@Module({
  imports: [TasksModule, ProjectsModule],
  controllers: [PlaybooksController, RunsController],
  providers: [PlaybooksRepository, PlaybooksService, RunsService, LintTaskHandler, TestTaskHandler],
})
export class PlaybooksModule {}
