import type { FastifyInstance } from 'fastify';
import { ProblemException } from '../common/problem';

interface RouteShape {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * 405 with `Allow` for a known path asked with a method it does not have (`DELETE /tasks`),
 * instead of the 404 the router would give: the client learns that the path is right. The
 * routes are recorded as they are registered; only requests no route matched are checked.
 */
export function applyMethodNotAllowed(fastify: FastifyInstance): void {
  const routes = new Map<string, RouteShape>();
  fastify.addHook('onRoute', (route) => {
    const shape = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) shape.methods.add(method);
    routes.set(route.url, shape);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url !== undefined) return done();
    const allowed = allowedMethods(routes.values(), request.url.split('?')[0]);
    if (allowed.length === 0) return done();
    reply.header('Allow', allowed.join(', '));
    done(new ProblemException('method_not_allowed', `${request.method} is not allowed here; use ${allowed.join(', ')}`));
  });
}

function allowedMethods(routes: Iterable<RouteShape>, path: string): string[] {
  const allowed = new Set<string>();
  for (const route of routes) if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
  return [...allowed].sort();
}

/** `/tasks/:task_id/result` → a RegExp for one path segment per parameter; `*` takes the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
