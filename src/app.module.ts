import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from './auth/auth.module';
import type { ReliaConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { ExecutorModule } from './executor/executor.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PLAYBOOK_TASK_TYPES, PlaybooksModule } from './playbooks/playbooks.module';
import { PROJECT_TASK_TYPES, ProjectsModule } from './projects/projects.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { TasksModule } from './tasks/tasks.module';
import { TelemetryModule } from './telemetry/telemetry.module';

@Module({})
export class AppModule {
  static register(config: ReliaConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        AuthModule,
        // After AuthModule: its guard must know the user first (see RateLimitModule).
        RateLimitModule,
        TelemetryModule,
        TasksModule,
        ExecutorModule.forRoot([...PLAYBOOK_TASK_TYPES, ...PROJECT_TASK_TYPES]),
        ProjectsModule,
        PlaybooksModule,
        HealthModule,
        MetricsModule,
        ...(config.diagnosticHandlers ? [DiagnosticsModule] : []),
      ],
    };
  }
}
