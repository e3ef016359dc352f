import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * A failed probe answers 503 with Terminus' own body ({status, info, error, details}), which
 * dashboards and operators read to see *which* part is down; the global problem+json filter
 * would reduce it to a generic "service unavailable".
 */
@Catch(ServiceUnavailableException)
export class HealthResponseFilter implements ExceptionFilter {
  catch(error: ServiceUnavailableException, host: ArgumentsHost): void {
    void host.switchToHttp().getResponse<FastifyReply>().status(503).send(error.getResponse());
  }
}
