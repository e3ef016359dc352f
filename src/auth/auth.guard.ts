import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../common/problem';
import type { AuthenticatedRequest } from './current-user.decorator';
import { IS_PUBLIC } from './public.decorator';
import { InvalidTokenError, TOKEN_VERIFIER, type TokenVerifier } from './principal';
import { TokenCache } from './token-cache';

/**
 * The global guard: every route needs a valid bearer token unless marked @Public(). Clients
 * learn only that the token was refused; the reason goes to the log.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  private readonly verified = new TokenCache();

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const token = bearer(request.headers.authorization);
    if (!token) throw unauthorized('A bearer token is required');
    try {
      request.user = this.verified.get(token) ?? this.verified.set(token, await this.verifier.verify(token));
      return true;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      this.logger.debug(`Token refused: ${error.message}`);
      throw unauthorized('The bearer token is invalid or expired');
    }
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header ?? '');
  return match?.[1];
}

const unauthorized = (detail: string): ProblemException => new ProblemException('unauthorized', detail);
