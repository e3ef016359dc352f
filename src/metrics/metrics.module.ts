import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { TasksModule } from '../tasks/tasks.module';
import { HttpMetrics } from './http.metrics';
import { MetricsController } from './metrics.controller';
import { createRegistry } from './metrics.registry';
import { RuntimeMetrics } from './runtime.metrics';
import { TaskMetrics } from './task.metrics';

/** GET /metrics and what it shows. */
@Module({
  imports: [TasksModule],
  controllers: [MetricsController],
  providers: [{ provide: Registry, useFactory: createRegistry }, TaskMetrics, RuntimeMetrics, HttpMetrics],
  exports: [HttpMetrics],
})
export class MetricsModule {}
