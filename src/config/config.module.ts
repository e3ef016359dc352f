import { DynamicModule, Module } from '@nestjs/common';
import type { ReliaConfig } from './config';

/** Injection token for the validated configuration. */
export const CONFIG = Symbol('ReliaConfig');

/** Provides the configuration loaded (and validated) once by the caller: main.ts, or a test. */
@Module({})
export class ConfigModule {
  static forRoot(config: ReliaConfig): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
