import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Where Swagger UI lives (app.setup.ts mounts it there): the only HTML Relia serves. */
export const DOCS_PATHS = ['/docs', '/docs-json'];

/**
 * The API only ever answers JSON, so its responses may load nothing at all and may not be framed.
 */
const apiHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
});

/**
 * Swagger UI: its scripts are files served from /docs (no inline script, so none is allowed),
 * its HTML carries inline <style> blocks and its icons are data: URLs, and it fetches /docs-json.
 */
const docsHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

const isDocs = (path: string): boolean => DOCS_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

/** Helmet's headers on every response, errors included; the CSP depends on what is served. */
export function applySecurityHeaders(app: INestApplication): void {
  app.use((req: Request, res: Response, next: NextFunction) => (isDocs(req.path) ? docsHeaders : apiHeaders)(req, res, next));
}
