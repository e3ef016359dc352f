import type { FastifyInstance } from 'fastify';
import { ProblemException } from '../common/problem';

/**
 * PostgreSQL text and jsonb cannot hold U+0000: a NUL anywhere in a body or query string would
 * reach the database as an error (a 500). No playbook, name or option needs one, so refuse it
 * up front (after parsing, before any handler), in keys as in values. Iterative, because a 2 MB
 * body can nest deeper than the stack.
 */
export function applyNulGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (hasNul(request.body) || hasNul(request.query)) {
      return done(new ProblemException('validation_failed', 'Text must not contain NUL characters (U+0000)'));
    }
    done();
  });
}

/** Parsed JSON and query strings are plain objects and arrays; a streamed body (an archive) is not looked into. */
function isParsed(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

export function hasNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (isParsed(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
