import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { CONSOLE_ASSETS_PREFIX } from './console-paths';

/**
 * Where `npm run build` puts the console (web/build.mjs): dist/console. Compiled, this file is
 * dist/src/console/, run from source (the tests) it is src/console/: both are tried.
 */
const CANDIDATES = [join(__dirname, '..', '..', 'console'), join(__dirname, '..', '..', 'dist', 'console')];

export function consoleDir(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * The console at `/`: index.html (read once; never cached, so a new build is picked up at once)
 * and its content-hashed files under /console/ (cached for a year: a new build has new names).
 * Without a build the API still runs, and `/` stays a 404 with a hint in the log.
 */
export function serveConsole(app: NestFastifyApplication): void {
  const dir = consoleDir();
  if (!dir) {
    new Logger('Console').warn('The web console is not built (run `npm run build`): / answers 404');
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  const index = readFileSync(join(dir, 'index.html'));
  fastify.get('/', (_request, reply) => {
    void reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(index);
  });
  app.useStaticAssets({
    root: join(dir, 'assets'),
    prefix: `${CONSOLE_ASSETS_PREFIX}assets/`,
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });
}
