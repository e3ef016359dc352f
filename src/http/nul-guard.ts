import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../common/problem';

/**
 * PostgreSQL text and jsonb cannot hold U+0000: a NUL anywhere in a body or query string would
 * reach the database as an error (a 500). No playbook, name or option needs one, so refuse it
 * up front, in keys as in values. Iterative, because a 2 MB body can nest deeper than the stack.
 */
export function applyNulGuard(app: INestApplication): void {
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (hasNul(req.body) || hasNul(req.query)) {
      return next(new ProblemException('validation_failed', 'Text must not contain NUL characters (U+0000)'));
    }
    next();
  });
}

export function hasNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
