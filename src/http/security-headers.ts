import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { isConsolePath } from '../console/console-paths';

/** Where Swagger UI lives (app.setup.ts mounts it there). */
const DOCS_PATHS = ['/docs', '/docs-json'];

export interface SecurityHeaderOptions {
  /**
   * The OIDC issuer, when one is configured: the browser pages (Swagger UI, the console) read its
   * discovery document and redeem the authorization code at its token endpoint (PKCE), so their
   * connect-src names its origin — the one origin besides Relia's own they may talk to.
   */
  issuer?: string;
}

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
function docsHeaders(connectSrc: string[], crossOriginOpenerPolicy: 'same-origin-allow-popups' | 'unsafe-none')
  : Record<string, string> {
  return headersOf(helmet({
    crossOriginOpenerPolicy: { policy: crossOriginOpenerPolicy },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc,
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  }));
}

/**
 * The console: its own bundled files only, no inline script and no inline style attribute in
 * its HTML. Styles from script (CodeMirror's constructed style sheets, progress widths set
 * through the CSSOM) are not inline markup, so `style-src 'self'` holds.
 */
function consoleHeaders(connectSrc: string[]): Record<string, string> {
  return headersOf(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc,
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  }));
}

/**
 * The page the IdP sends Swagger UI's sign-in popup back to: it hands the code to the /docs page
 * through window.opener, which a same-origin opener policy would have cut when the popup went to
 * the IdP and back. It only runs Swagger UI's own oauth2-redirect.js. /docs itself needs
 * `same-origin-allow-popups` to keep its popup; the console (a full-page redirect) and the API
 * keep helmet's `same-origin`.
 */
const DOCS_OAUTH_REDIRECT = '/docs/oauth2-redirect.html';

const isDocs = (url: string): boolean => DOCS_PATHS.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));

/** Helmet's headers on every response, errors and 404s included; the CSP depends on what is served. */
export function applySecurityHeaders(fastify: FastifyInstance, options: SecurityHeaderOptions = {}): void {
  const connectSrc = ["'self'", ...(options.issuer ? [new URL(options.issuer).origin] : [])];
  const docs = docsHeaders(connectSrc, 'same-origin-allow-popups');
  const redirect = docsHeaders(connectSrc, 'unsafe-none');
  const web = consoleHeaders(connectSrc);
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    reply.headers(path === DOCS_OAUTH_REDIRECT ? redirect : isDocs(request.url) ? docs : isConsolePath(request.url) ? web : apiHeaders);
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
