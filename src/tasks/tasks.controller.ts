import { applyDecorators, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { UuidParam } from '../common/uuid';
import { ListTasksQuery } from './dto/list-tasks.query';
import { ResultQuery } from './dto/result.query';
import { TaskPageView, TaskResultView, TaskView } from './dto/task.view';
import { TasksService } from './tasks.service';
import { TaskStreamsService } from './task-streams.service';
import { TaskTelemetryService } from './task-telemetry.service';
import { taskReport } from './task-report';
import { TelemetryEventListView, TelemetryEventView } from './dto/telemetry-event.view';

const SSE_EXAMPLE = 'id: 1040\ndata: {"task_id":"0193…","status":"running","progress":40,"seq":1040,…}\n\n: heartbeat\n\n';
const LAST_EVENT_ID = { name: 'Last-Event-ID', required: false, description: 'Resume after this event (browsers send it on reconnect)' };

/** The OpenAPI description shared by both live event endpoints. */
const ApiEventStream = (summary: string, description: string): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary, description }),
    ApiProduces('text/event-stream'),
    ApiHeader(LAST_EVENT_ID),
    ApiOkResponse({ description: 'An event stream', content: { 'text/event-stream': { example: SSE_EXAMPLE } } }),
  );

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly streams: TaskStreamsService,
    private readonly telemetry: TaskTelemetryService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your tasks, newest first (admins: everyone’s)' })
  @ApiOkResponse({ type: TaskPageView })
  @ApiProblems(400, 401)
  async list(@CurrentUser() user: Principal, @Query() query: ListTasksQuery): Promise<TaskPageView> {
    const page = await this.tasks.listTasks(user, { ...query, userId: query.user_id });
    return { items: page.items.map(TaskView.from), next_cursor: page.nextCursor };
  }

  // Declared before ':task_id', or "events" would be read as a (malformed) task id.
  @Get('events')
  @ApiEventStream('Live changes of all your tasks (admins: everyone’s), as Server-Sent Events',
    'Starts with your unfinished tasks, then every status and progress change; `: heartbeat` every 15 s.')
  @ApiProblems(401)
  async allEvents(@CurrentUser() user: Principal, @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: FastifyReply): Promise<void> {
    await this.streams.streamAll(user, lastEventId, res);
  }

  @Get(':task_id')
  @ApiOperation({ summary: 'A task’s status and progress' })
  @ApiOkResponse({ type: TaskView })
  @ApiProblems(400, 401, 404)
  async get(@CurrentUser() user: Principal, @Param('task_id', UuidParam('task_id')) id: string): Promise<TaskView> {
    return TaskView.from(await this.tasks.getTask(id, user));
  }

  @Get(':task_id/result')
  @ApiOperation({ summary: 'The result of a finished task (409 while it runs), as JSON or in a report format' })
  @ApiOkResponse({ type: TaskResultView })
  @ApiProduces('application/json', 'application/sarif+json', 'application/xml', 'text/plain')
  @ApiProblems(400, 401, 404, 409)
  async result(@CurrentUser() user: Principal, @Param('task_id', UuidParam('task_id')) id: string,
    @Query() query: ResultQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<TaskResultView | string> {
    const task = await this.tasks.getResult(id, user);
    if (!query.format || query.format === 'json') return TaskResultView.from(task);
    const report = taskReport(task, query.format);
    res.type(report.contentType);
    return report.body;
  }

  @Get(':task_id/events')
  @ApiEventStream('A task’s live status and progress, as Server-Sent Events',
    'Sends the current state at once, then every change; ends after the task finishes. Event ids are the task’s sequence numbers.')
  @ApiProblems(400, 401, 404)
  async events(@CurrentUser() user: Principal, @Param('task_id', UuidParam('task_id')) id: string,
    @Headers('last-event-id') lastEventId: string | undefined, @Res() res: FastifyReply): Promise<void> {
    await this.streams.streamTask(id, user, lastEventId, res);
  }

  @Get(':task_id/telemetry')
  @ApiOperation({ summary: 'A task’s stored lifecycle events (kept RELIA_TELEMETRY_RETENTION_HOURS, even after the task is cleaned up)' })
  @ApiOkResponse({ type: TelemetryEventListView })
  @ApiProblems(400, 401, 404)
  async taskTelemetry(@CurrentUser() user: Principal, @Param('task_id', UuidParam('task_id')) id: string): Promise<TelemetryEventListView> {
    return { items: (await this.telemetry.forTask(id, user)).map(TelemetryEventView.from) };
  }

  @Post(':task_id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel: a pending task at once (200), a running one by request (202)' })
  @ApiOkResponse({ type: TaskView, description: 'Canceled (202: cancel requested, the task is stopping)' })
  @ApiProblems(400, 401, 404, 409)
  async cancel(
    @CurrentUser() user: Principal,
    @Param('task_id', UuidParam('task_id')) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<TaskView> {
    const { task, accepted } = await this.tasks.cancelTask(id, user);
    if (accepted) res.status(202);
    return TaskView.from(task);
  }
}
