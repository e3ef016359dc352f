import type { LoggerOptions } from 'pino';
import type { ReliaConfig } from '../config/config';

/** RELIA_LOG_LEVEL keeps Nest's names; pino calls two of them differently. */
const PINO_LEVELS: Record<ReliaConfig['logLevel'], string> = {
  fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace',
};

/**
 * JSON logs, one object per line, with the replica that wrote them. The redaction is the second
 * line of defence should anyone log a request object with its Authorization header or cookies
 * (the request log itself never takes headers, see request-log.ts).
 */
export function pinoOptions(config: ReliaConfig): LoggerOptions {
  return {
    level: PINO_LEVELS[config.logLevel],
    base: { replica: config.replicaId },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.authorization', '*.token'],
      censor: '[redacted]' },
  };
}
