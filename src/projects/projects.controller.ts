import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse,
  ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { PageQuery } from '../common/page.query';
import { ProblemException } from '../common/problem';
import { UuidParam } from '../common/uuid';
import { validated } from '../common/validation';
import { ARCHIVE_TYPES, lingerAfterRefusal } from '../http/archive-bodies';
import { GitProjectInput, ProjectNameQuery, ProjectPageView, ProjectView, RevisionPageView, RevisionView, SyncAcceptedView,
  UploadView } from './dto/project.dto';
import { ProjectsService } from './projects.service';

const archiveBody = ApiBody({ description: 'A tar.gz or zip of the project; a single top-level folder is stripped',
  schema: { type: 'string', format: 'binary' } });

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a project from an uploaded archive (201), or from a git source, synced by a task (202)' })
  @ApiConsumes(...ARCHIVE_TYPES, 'application/json')
  @ApiQuery({ name: 'name', required: false, description: 'The project name, for an archive upload' })
  @ApiBody({ description: 'The archive (tar.gz or zip), or `{name, git: {url, ref}}` as JSON', schema: { oneOf: [
    { type: 'string', format: 'binary' }, { $ref: '#/components/schemas/GitProjectInput' }] } })
  @ApiCreatedResponse({ type: UploadView })
  @ApiAcceptedResponse({ type: SyncAcceptedView })
  @ApiProblems(400, 401, 413, 429)
  async create(@CurrentUser() user: Principal, @Req() req: FastifyRequest, @Query('name') name: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply): Promise<UploadView | SyncAcceptedView> {
    if (isJson(req)) return this.createFromGit(user, req.body, res);
    if (!isArchive(req)) throw unsupportedType(true);
    const query = await validated(ProjectNameQuery, { name });
    const stored = await lingerOnError(req, () => this.projects.createFromArchive(user, query.name, req.raw, req.headers['content-type']));
    res.status(201).header('Location', `/projects/${stored.projectId}`);
    return { project_id: stored.projectId, revision_id: stored.revisionId, name: query.name, files: stored.files, playbooks: stored.playbooks };
  }

  @Get()
  @ApiOkResponse({ type: ProjectPageView, description: 'Your projects, newest first (admins: everyone’s)' })
  @ApiProblems(400, 401)
  async list(@CurrentUser() user: Principal, @Query() query: PageQuery): Promise<ProjectPageView> {
    const page = await this.projects.list(user, query.cursor, query.limit);
    return { items: page.items.map(ProjectView.from), next_cursor: page.nextCursor };
  }

  @Get(':project_id')
  @ApiOkResponse({ type: ProjectView })
  @ApiProblems(400, 401, 404)
  async get(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string): Promise<ProjectView> {
    return ProjectView.from(await this.projects.get(user, id));
  }

  @Delete(':project_id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  async delete(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string): Promise<void> {
    await this.projects.delete(user, id);
  }

  @Post(':project_id/revisions')
  @ApiOperation({ summary: 'Upload a new revision of the project (an archive)' })
  @ApiConsumes(...ARCHIVE_TYPES)
  @archiveBody
  @ApiCreatedResponse({ type: UploadView })
  @ApiProblems(400, 401, 404, 413, 429)
  async upload(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string, @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply): Promise<UploadView> {
    if (!isArchive(req)) throw unsupportedType(false);
    const stored = await lingerOnError(req, () => this.projects.addArchiveRevision(user, id, req.raw, req.headers['content-type']));
    res.status(201);
    return { project_id: id, revision_id: stored.revisionId, name: stored.projectName, files: stored.files, playbooks: stored.playbooks };
  }

  @Get(':project_id/revisions')
  @ApiOkResponse({ type: RevisionPageView, description: 'Newest first' })
  @ApiProblems(400, 401, 404)
  async revisions(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string,
    @Query() query: PageQuery): Promise<RevisionPageView> {
    const page = await this.projects.listRevisions(user, id, query.cursor, query.limit);
    return { items: page.items.map(RevisionView.from), next_cursor: page.nextCursor };
  }

  @Post(':project_id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Fetch the git source again (a project_sync task); a new revision only if the commit changed' })
  @ApiAcceptedResponse({ type: SyncAcceptedView })
  @ApiProblems(400, 401, 404, 429)
  async sync(@CurrentUser() user: Principal, @Param('project_id', UuidParam('project_id')) id: string,
    @Res({ passthrough: true }) res: FastifyReply): Promise<SyncAcceptedView> {
    const task = await this.projects.sync(user, id);
    res.header('Location', `/tasks/${task.id}`);
    return { project_id: id, task_id: task.id };
  }

  private async createFromGit(user: Principal, body: unknown, res: FastifyReply): Promise<SyncAcceptedView> {
    const input = await validated(GitProjectInput, body);
    const { projectId, task } = await this.projects.createFromGit(user, input.name, input.git);
    res.status(202).header('Location', `/tasks/${task.id}`);
    return { project_id: projectId, task_id: task.id };
  }
}

function mediaType(req: FastifyRequest): string | undefined {
  return req.headers['content-type']?.split(';')[0].trim().toLowerCase();
}

function isArchive(req: FastifyRequest): boolean {
  return ARCHIVE_TYPES.includes(mediaType(req) ?? '');
}

function isJson(req: FastifyRequest): boolean {
  return mediaType(req) === 'application/json';
}

function unsupportedType(jsonToo: boolean): ProblemException {
  const types = [...ARCHIVE_TYPES, ...(jsonToo ? ['application/json (a git source)'] : [])];
  return new ProblemException('unsupported_media_type', `The body must be one of: ${types.join(', ')}`);
}

/** A refused upload may still be streaming in: its answer must still reach the client. */
async function lingerOnError<T>(req: FastifyRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    lingerAfterRefusal(req.raw);
    throw error;
  }
}
