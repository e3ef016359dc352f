import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { ProblemException } from '../common/problem';
import { TaskResultView } from '../tasks/dto/task.view';
import { isFinished } from '../tasks/task-status';
import type { Task } from '../tasks/task.entity';
import { LintRequest } from './dto/lint-request.dto';
import { RunAcceptedView } from './dto/run.view';
import { TestRequest } from './dto/test-request.dto';
import { RunsService, RunType } from './runs.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const idempotencyHeader = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat a request safely: the same key answers the same task (200 after the first time)',
});

@ApiTags('runs')
@ApiBearerAuth()
@Controller()
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Post('async/lint')
  @HttpCode(202)
  @ApiOperation({ summary: 'Lint a playbook in the background' })
  @idempotencyHeader
  @ApiAcceptedResponse({ type: RunAcceptedView, headers: { Location: { description: '/tasks/{task_id}' } } })
  @ApiProblems(400, 401, 404, 409, 429)
  asyncLint(@CurrentUser() user: Principal, @Body() body: LintRequest, @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply): Promise<RunAcceptedView> {
    return this.submit('lint', user, body, key, res);
  }

  @Post('async/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Test a playbook (syntax check, then a check-mode run in a sandbox) in the background' })
  @idempotencyHeader
  @ApiAcceptedResponse({ type: RunAcceptedView, headers: { Location: { description: '/tasks/{task_id}' } } })
  @ApiProblems(400, 401, 404, 409, 429)
  asyncTest(@CurrentUser() user: Principal, @Body() body: TestRequest, @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply): Promise<RunAcceptedView> {
    return this.submit('test', user, body, key, res);
  }

  @Post('lint')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lint a playbook and wait for the result (202 if it takes longer than the wait limit)' })
  @idempotencyHeader
  @ApiOkResponse({ type: TaskResultView })
  @ApiAcceptedResponse({ type: RunAcceptedView })
  @ApiProblems(400, 401, 404, 409, 429)
  lint(@CurrentUser() user: Principal, @Body() body: LintRequest, @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply): Promise<TaskResultView | RunAcceptedView> {
    return this.run('lint', user, body, key, res);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test a playbook and wait for the result (202 if it takes longer than the wait limit)' })
  @idempotencyHeader
  @ApiOkResponse({ type: TaskResultView })
  @ApiAcceptedResponse({ type: RunAcceptedView })
  @ApiProblems(400, 401, 404, 409, 429)
  test(@CurrentUser() user: Principal, @Body() body: TestRequest, @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply): Promise<TaskResultView | RunAcceptedView> {
    return this.run('test', user, body, key, res);
  }

  private async submit(type: RunType, user: Principal, body: LintRequest | TestRequest, key: string | undefined,
    res: FastifyReply): Promise<RunAcceptedView> {
    const { task, created } = await this.runs.submit(type, user, body, checkKey(key));
    res.status(created ? 202 : 200).header('Location', `/tasks/${task.id}`);
    return RunAcceptedView.from(task);
  }

  private async run(type: RunType, user: Principal, body: LintRequest | TestRequest, key: string | undefined,
    res: FastifyReply): Promise<TaskResultView | RunAcceptedView> {
    const task: Task = await this.runs.run(type, user, body, checkKey(key));
    if (isFinished(task.status)) return TaskResultView.from(task);
    // The work goes on and is never lost: answer where to follow it.
    res.status(202).header('Location', `/tasks/${task.id}`);
    return RunAcceptedView.from(task);
  }
}

function checkKey(key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ProblemException('validation_failed', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return key;
}
