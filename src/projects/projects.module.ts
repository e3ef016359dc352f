import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ProjectFilesController } from './project-files.controller';
import { ProjectFilesService } from './project-files.service';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { PROJECT_SYNC, ProjectsService } from './projects.service';
import { RevisionRetentionJob } from './retention/revision-retention.job';
import { RevisionsRepository } from './revisions.repository';
import { ProjectTargets } from './runs/project-targets';
import { ProjectSyncHandler } from './sync/sync.handler';
import { UploadThreads } from './upload/upload-threads';

/** Task types this module creates; the executor checks each has a handler at boot. */
export const PROJECT_TASK_TYPES = [PROJECT_SYNC];

@Module({
  imports: [TasksModule],
  controllers: [ProjectsController, ProjectFilesController],
  providers: [ProjectsRepository, RevisionsRepository, ProjectsService, ProjectFilesService, UploadThreads, ProjectSyncHandler,
    ProjectTargets, RevisionRetentionJob],
  exports: [ProjectTargets],
})
export class ProjectsModule {}
