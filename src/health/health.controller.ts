import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { HealthResponseFilter } from './health-response.filter';
import { ReadinessChecks } from './readiness.checks';

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
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.readiness.eventLoop()]);
  }

  /** Readiness: this replica can serve and run tasks now. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.readiness.accepting(),
      () => this.readiness.database(),
      () => this.readiness.migrations(),
      () => this.readiness.listener(),
      () => this.readiness.auth(),
    ]);
  }
}
