import { Global, Module } from '@nestjs/common';
import { loadConfig, ReliaConfig } from './config';

/** Injection token for the validated configuration. */
export const CONFIG = Symbol('ReliaConfig');

@Global()
@Module({
  providers: [{ provide: CONFIG, useFactory: (): ReliaConfig => loadConfig() }],
  exports: [CONFIG],
})
export class ConfigModule {}
