import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';

/** Probes and scrapes arrive every few seconds from every replica's kubelet and Prometheus: noise. */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

type Request = FastifyRequest & { user?: { userId?: string } };

/**
 * One line per request, written when the response is done: its id (X-Request-Id honoured and
 * echoed, see request-id.ts), the user and task it concerned, status and time. Headers are not
 * logged at all — method, path and user agent only.
 */
export function logRequests(fastify: FastifyInstance, log: Pino): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request: Request, reply, done) => {
    if (log.isLevelEnabled('info') && !QUIET_PATHS.test(request.url)) {
      log.info({
        req: { id: request.id, method: request.method, url: request.url, user_agent: request.headers['user-agent'] },
        res: { status_code: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime),
        user_id: request.user?.userId,
        task_id: (request.params as Record<string, string> | undefined)?.task_id,
      }, 'request completed');
    }
    done();
  });
}
