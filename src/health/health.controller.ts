import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { HealthResponseFilter } from './health-response.filter';
import { ReadinessChecks } from './readiness.checks';

const UP = { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } };
const DOWN = { status: 'error', info: {}, error: { executor: { status: 'down', message: 'shutting down' } },
  details: { executor: { status: 'down', message: 'shutting down' } } };

@ApiTags('health')
@Public()
@UseFilters(HealthResponseFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** Liveness: the process and its event loop answer. Never depends on the database. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness probe: the process and its event loop answer' })
  @ApiOkResponse({ description: 'Alive', content: { 'application/json': { example: UP } } })
  @ApiServiceUnavailableResponse({ description: 'The event loop is stuck', content: { 'application/json': { example: DOWN } } })
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.eventLoop()]);
  }

  /** Readiness: this replica can serve and run tasks now. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness probe: database, migrations, LISTEN connection, identity provider, not draining' })
  @ApiOkResponse({ description: 'Ready', content: { 'application/json': { example: UP } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready; `error` names the parts that are down',
    content: { 'application/json': { example: DOWN } } })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.readiness.accepting(),
      () => this.readiness.database(),
      () => this.readiness.migrations(),
      () => this.readiness.listener(),
      () => this.readiness.auth(),
      () => this.readiness.testRunner(),
    ]);
  }
}
