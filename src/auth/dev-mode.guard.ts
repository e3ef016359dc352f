import { CanActivate, ExecutionContext, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { isDevelopmentMode } from './dev-mode';

/**
 * Outside development mode the route does not exist: the same 404 as any unknown route, raised
 * in a guard so that it comes before body validation (a 400 would tell the route is there).
 */
@Injectable()
export class DevModeGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: ReliaConfig) {}

  canActivate(_context: ExecutionContext): boolean {
    if (isDevelopmentMode(this.config)) return true;
    // ProblemFilter renders a NotFoundException exactly as it renders an unknown route.
    throw new NotFoundException();
  }
}
