import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { ReliaConfig } from '../config/config';
import { requestId } from './request-id';

/** RELIA_LOG_LEVEL keeps Nest's names; pino calls two of them differently. */
const PINO_LEVELS: Record<ReliaConfig['logLevel'], string> = {
  fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace',
};

/** Probes and scrapes arrive every few seconds from every replica's kubelet and Prometheus: noise. */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

type Req = IncomingMessage & { id?: string; user?: { userId?: string }; params?: Record<string, string>; originalUrl?: string };

/**
 * JSON logs: one line per request with its id (X-Request-Id honoured and echoed), the user and
 * task it concerned, status and time. Headers are not logged at all — the request serializer keeps
 * method, path and user agent only — and the redaction below is the second line of defence should
 * anyone log a request object with its Authorization header or cookies.
 */
export function pinoOptions(config: ReliaConfig): Params {
  return {
    pinoHttp: {
      level: PINO_LEVELS[config.logLevel],
      genReqId: requestId,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.authorization', '*.token'],
        censor: '[redacted]' },
      serializers: {
        req: (req: Req) => ({ id: req.id, method: req.method, url: req.originalUrl ?? req.url, user_agent: req.headers?.['user-agent'] }),
        res: (res: ServerResponse) => ({ status_code: res.statusCode }),
      },
      customProps: (req: IncomingMessage) => {
        const r = req as Req;
        return { user_id: r.user?.userId, task_id: r.params?.task_id };
      },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test((req as Req).originalUrl ?? req.url ?? '') },
      base: { replica: config.replicaId },
    },
  };
}

export const pinoLevelOf = (level: ReliaConfig['logLevel']): string => PINO_LEVELS[level];
