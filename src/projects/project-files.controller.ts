import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { ProblemException } from '../common/problem';
import { UuidParam } from '../common/uuid';
import { FileListView, FilesQuery, FileView, RevisionView } from './dto/project.dto';
import { ProjectFilesService } from './project-files.service';
import { ProjectsService } from './projects.service';

const revisionParam = ApiParam({ name: 'revision_id', description: 'A revision id, or `head`' });

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:project_id/revisions/:revision_id')
export class ProjectFilesController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly files: ProjectFilesService,
  ) {}

  @Get()
  @revisionParam
  @ApiOkResponse({ type: RevisionView })
  @ApiProblems(400, 401, 404)
  async revision(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string,
    @Param('revision_id') revisionId: string): Promise<RevisionView> {
    return RevisionView.from(await this.projects.revision(user, id, checkRevision(revisionId)));
  }

  @Get('files')
  @revisionParam
  @ApiOkResponse({ type: FileListView, description: 'Every file of the revision, by path' })
  @ApiProblems(400, 401, 404)
  async list(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string,
    @Param('revision_id') revisionId: string, @Query() query: FilesQuery): Promise<FileListView> {
    const listed = await this.files.list(user, id, checkRevision(revisionId), query.prefix);
    return { revision_id: listed.revisionId, items: listed.files.map(FileView.from) };
  }

  @Get('files/*')
  @revisionParam
  @ApiParam({ name: '*', description: 'The file path, e.g. roles/web/tasks/main.yml' })
  @ApiOperation({ summary: 'One file’s bytes (symlinks inside the project are followed)' })
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': {}, 'text/plain': {} } })
  @ApiProblems(400, 401, 404)
  async read(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string,
    @Param('revision_id') revisionId: string, @Param('*') path: string, @Res({ passthrough: true }) res: FastifyReply): Promise<Readable> {
    const { file, chunks } = await this.files.read(user, id, checkRevision(revisionId), path);
    res.header('Content-Type', 'application/octet-stream').header('Content-Length', file.size).header('ETag', `"${file.sha256}"`)
      .header('X-Content-Type-Options', 'nosniff').header('Content-Disposition', 'attachment');
    return Readable.from(chunks);
  }
}

function checkRevision(revisionId: string): string {
  if (revisionId === 'head' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(revisionId)) return revisionId;
  throw new ProblemException('invalid_id', 'revision_id must be a UUID or "head"');
}
