import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { METHODS } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../common/problem';

/** The slice of Express 5's router that tells which routes a path matches. */
interface RouteLayer {
  match(path: string): unknown;
  route?: { methods: Record<string, boolean>; _handlesMethod(method: string): boolean };
}

/**
 * 405 with `Allow` for a known path asked with a method it does not have (`DELETE /tasks`),
 * instead of the 404 Express would give: the client learns that the path is right. Runs before
 * the routes, and looks at the router only when no route of this path takes the method.
 */
export function applyMethodNotAllowed(app: INestApplication): void {
  const express = (app as NestExpressApplication).getHttpAdapter().getInstance();
  app.use((req: Request, res: Response, next: NextFunction) => {
    const allowed = allowedMethods((express.router as unknown as { stack: RouteLayer[] }).stack, req.path, req.method);
    if (!allowed || allowed.length === 0) return next();
    res.setHeader('Allow', allowed.join(', '));
    next(new ProblemException('method_not_allowed', `${req.method} is not allowed here; use ${allowed.join(', ')}`));
  });
}

/**
 * Nest mounts middleware bound with `forRoutes('*')` (the request logger) as routes that take
 * every method; they say nothing about which endpoints a path has.
 */
function isMiddleware(route: NonNullable<RouteLayer['route']>): boolean {
  return route.methods._all === true || METHODS.every((m) => route.methods[m.toLowerCase()]);
}

/** Undefined when a route takes the method (or no route has the path); else the methods it has. */
function allowedMethods(stack: RouteLayer[], path: string, method: string): string[] | undefined {
  const allowed = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || isMiddleware(layer.route) || !layer.match(path)) continue;
    if (layer.route._handlesMethod(method)) return undefined;
    for (const m of Object.keys(layer.route.methods)) if (m !== '_all') allowed.add(m.toUpperCase());
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed].sort();
}
