import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/** Where Swagger UI lives (app.setup.ts mounts it there): the only HTML Relia serves. */
const DOCS_PATHS = ['/docs', '/docs-json'];

/**
 * The API only ever answers JSON, so its responses may load nothing at all and may not be framed.
 */
const apiHeaders = headersOf(helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
}));

/**
 * Swagger UI: its scripts are files served from /docs (no inline script, so none is allowed),
 * its HTML carries inline <style> blocks and its icons are data: URLs, and it fetches /docs-json.
 */
const docsHeaders = headersOf(helmet({
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
}));

const isDocs = (url: string): boolean => DOCS_PATHS.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));

/** Helmet's headers on every response, errors and 404s included; the CSP depends on what is served. */
export function applySecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(isDocs(request.url) ? docsHeaders : apiHeaders);
    done();
  });
}

/**
 * The headers a helmet middleware sets, computed once: they depend on its options only, and
 * twelve middleware calls per request cost more than copying one object.
 */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  middleware({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}
