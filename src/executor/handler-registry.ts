import { existsSync } from 'node:fs';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { TASK_HANDLER, TaskHandler, TaskHandlerOptions } from './task-handler';

export interface RegisteredHandler {
  handler: TaskHandler;
  type: string;
  timeoutMs: number;
}

/** Task types the service creates; each must have exactly one handler or the boot stops. */
export const REQUIRED_TASK_TYPES = Symbol('REQUIRED_TASK_TYPES');

/**
 * Every task handler, found by its decorator and checked once at boot, so that a task type with
 * no handler (or two) is a start-up error rather than a task failing at 3 a.m.
 */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, RegisteredHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(CONFIG) private readonly config: ReliaConfig,
    @Inject(REQUIRED_TASK_TYPES) private readonly required: string[],
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const options = wrapper.metatype && Reflect.getMetadata(TASK_HANDLER, wrapper.metatype);
      if (options && wrapper.instance) this.register(options as TaskHandlerOptions, wrapper.instance as TaskHandler);
    }
    const missing = this.required.filter((type) => !this.handlers.has(type));
    if (missing.length) throw new Error(`No task handler for task type(s): ${missing.join(', ')}`);
  }

  get(type: string): RegisteredHandler | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }

  private register(options: TaskHandlerOptions, handler: TaskHandler): void {
    if (this.handlers.has(options.type)) throw new Error(`Two task handlers for task type "${options.type}"`);
    if (!existsSync(handler.work.file)) {
      throw new Error(`The work module of task type "${options.type}" is missing: ${handler.work.file}`);
    }
    this.handlers.set(options.type, {
      handler,
      type: options.type,
      timeoutMs: (options.timeoutSeconds ?? this.config.task.timeoutSeconds) * 1000,
    });
  }
}
