import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TasksModule } from '../tasks/tasks.module';
import { Dispatcher } from './dispatcher';
import { HandlerRegistry, REQUIRED_TASK_TYPES } from './handler-registry';
import { WorkerPool } from './worker-pool';

/**
 * The worker-thread pool, the dispatcher and the handler registry. `requiredTypes` are the task
 * types this deployment creates: each must have exactly one handler, or the boot stops.
 */
@Module({})
export class ExecutorModule {
  static forRoot(requiredTypes: string[]): DynamicModule {
    return {
      module: ExecutorModule,
      // Global: health checks and the shutdown sequence need the dispatcher too.
      global: true,
      imports: [DiscoveryModule, TasksModule],
      providers: [WorkerPool, HandlerRegistry, Dispatcher, { provide: REQUIRED_TASK_TYPES, useValue: requiredTypes }],
      exports: [WorkerPool, Dispatcher, HandlerRegistry],
    };
  }
}
