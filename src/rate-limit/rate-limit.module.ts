import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Must be imported after AuthModule: Nest runs global guards in registration order, and the
 * limit is keyed by the user the AuthGuard found. Counts live in this replica's memory, so
 * with N replicas behind a balancer a user gets up to N times the limit.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: ReliaConfig) => ({
        throttlers: [{ name: 'per-user', ttl: 60_000, limit: config.http.rateLimitPerMinute }],
        // Our problem carries Retry-After; X-RateLimit-* would only add noise to every answer.
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
