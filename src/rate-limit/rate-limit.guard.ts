import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/current-user.decorator';
import { IS_PUBLIC } from '../auth/public.decorator';
import { ProblemException } from '../common/problem';

/**
 * The per-user rate limit. It runs after the AuthGuard (RateLimitModule is imported after
 * AuthModule, and global guards run in that order), so it knows who calls: one budget per
 * user across all routes, wherever they connect from; the client IP only for a caller without
 * a user. Public routes (probes, metrics, docs) are never limited: a throttled probe would
 * restart a healthy pod.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = (req as AuthenticatedRequest).user;
    return user ? `user:${user.userId}` : `ip:${await super.getTracker(req)}`;
  }

  /** One key per caller, not per route: the budget is the caller's, whatever it calls. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}\n${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ProblemException('too_many_requests', `Rate limit of ${detail.limit} requests a minute reached; retry later`, {
      retryAfter: Math.max(1, detail.timeToBlockExpire),
    });
  }
}
