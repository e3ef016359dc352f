import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { AppModule } from './app.module';
import { frameworkProblem, ProblemFilter } from './common/problem.filter';
import { toProblem, VALIDATION } from './common/validation';
import type { ReliaConfig } from './config/config';
import { serveConsole } from './console/serve-console';
import { setupSwagger } from './docs/swagger.setup';
import { applyCors } from './http/cors';
import { applyMethodNotAllowed } from './http/method-not-allowed';
import { applyNulGuard } from './http/nul-guard';
import { acceptArchiveBodies } from './http/archive-bodies';
import { applySecurityHeaders } from './http/security-headers';
import { JsonLogger } from './logging/json-logger';
import { pinoOptions } from './logging/pino-options';
import { requestId } from './logging/request-id';
import { logRequests } from './logging/request-log';
import { HttpMetrics } from './metrics/http.metrics';

/** JSON bodies: a 1 MiB playbook, escaped, with room for the other fields. */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Builds the whole application (main.ts and the e2e tests share this). Fastify rather than
 * Express: the same Nest route answered 7,900 requests/s on Express 5 and 51,700 on Fastify on
 * this machine (bench/RESULTS.md), and every request pays that difference.
 */
export async function createApp(config: ReliaConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), fastifyAdapter(), {
    // Fastify's own JSON parser only: any other body type is refused with 415.
    bodyParser: false,
    // Let start-up errors reach main(), which reports them and exits 1 (instead of abort()).
    abortOnError: false,
    logger: logLevels(config.logLevel),
    // Held until the JSON logger below takes over, so even boot lines come out as JSON.
    bufferLogs: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const log = pino(pinoOptions(config));
  app.useLogger(new JsonLogger(log));
  logRequests(fastify, log);
  app.get(HttpMetrics).register(fastify);
  applyHttpHardening(app, config);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(
    new ValidationPipe(VALIDATION),
  );
  setupSwagger(app, config);
  serveConsole(app);
  return app;
}

function fastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    requestIdHeader: false,
    // No Express-style middleware is used (logs, metrics and hardening are Fastify hooks), so
    // middie, which would run on every request anyway, is left out.
    skipMiddie: true,
    // A URL that does not even decode (`/tasks/%`) is refused before routing: still problem+json.
    frameworkErrors: (_error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      void reply.status(400).type('application/problem+json').send(frameworkProblem(400, 'The URL is malformed')),
  });
}

/** Before any route: these apply to every response, errors and 404s included. */
function applyHttpHardening(app: NestFastifyApplication, config: ReliaConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  applySecurityHeaders(fastify, { issuer: config.oidc.issuer });
  applyCors(app, config.http.corsOrigins);
  applyMethodNotAllowed(fastify);
  applyNulGuard(fastify);
  acceptArchiveBodies(fastify);
}

/** Nest wants every level to print, not a threshold. */
function logLevels(threshold: ReliaConfig['logLevel']): ReliaConfig['logLevel'][] {
  const levels = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return levels.slice(0, levels.indexOf(threshold) + 1);
}
