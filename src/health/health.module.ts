import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness.checks';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [ReadinessChecks],
})
export class HealthModule {}
