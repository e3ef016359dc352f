import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

export interface AuthenticatedRequest {
  user?: Principal;
}

/** The authenticated caller, as the guard put it on the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route the AuthGuard did not authenticate');
  return user;
});
