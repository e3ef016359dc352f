import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { pinoOptions } from './pino-options';

/** JSON logs through pino (nestjs-pino), for Nest's own logs and one line per request. */
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [CONFIG], useFactory: (config: ReliaConfig) => pinoOptions(config) })],
})
export class LoggingModule {}
