import { INestApplication, ValidationPipe, ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ProblemView } from './common/api-problems.decorator';
import { ProblemException } from './common/problem';
import { ProblemFilter } from './common/problem.filter';
import type { ReliaConfig } from './config/config';
import { applyCors } from './http/cors';
import { applyMethodNotAllowed } from './http/method-not-allowed';
import { applyNulGuard } from './http/nul-guard';
import { applySecurityHeaders } from './http/security-headers';

/** JSON bodies: a 1 MiB playbook, escaped, with room for the other fields. */
const BODY_LIMIT = '2mb';

/** Builds the whole application (main.ts and the e2e tests share this). */
export async function createApp(config: ReliaConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    // Let start-up errors reach main(), which reports them and exits 1 (instead of abort()).
    abortOnError: false,
    logger: logLevels(config.logLevel),
    // Held until the JSON logger below takes over, so even boot lines come out as JSON.
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoLogger));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.set('x-powered-by', false);
  applyHttpHardening(app, config);
  // Express hashes every response body for an ETag that no client of this API sends back; the
  // body is built either way, so it only cost CPU (a SHA-1 of up to 50 tasks per list page).
  app.set('etag', false);
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: toProblem }),
  );
  setupSwagger(app);
  return app;
}

/** Before any route: these apply to every response, errors and 404s included. */
function applyHttpHardening(app: NestExpressApplication, config: ReliaConfig): void {
  applySecurityHeaders(app);
  applyCors(app, config.http.corsOrigins);
  applyMethodNotAllowed(app);
  applyNulGuard(app);
}

function setupSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Relia')
      .setDescription('Lint and test Ansible playbooks as durable asynchronous tasks')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ProblemView] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}

/** Validation errors as one problem naming every offending field. */
function toProblem(errors: ValidationError[]): ProblemException {
  const fields = flatten(errors);
  return new ProblemException('validation_failed', fields.map((f) => f.message).join('; '), { errors: fields });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], `${field}.`)];
  });
}

/** Nest wants every level to print, not a threshold. */
function logLevels(threshold: ReliaConfig['logLevel']): ReliaConfig['logLevel'][] {
  const levels = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return levels.slice(0, levels.indexOf(threshold) + 1);
}
