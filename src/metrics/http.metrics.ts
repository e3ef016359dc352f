import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * HTTP request duration by route template (`/tasks/:task_id`, never the id itself, which would
 * make one series per task) and status. A hook on every response, so requests a guard refuses
 * (401) and errors count too. Event streams are left out: their "duration" is how long someone
 * watched.
 */
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({ name: 'relia_http_request_duration_seconds', help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'], buckets: BUCKETS, registers: [registry] });
  }

  register(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      if (!String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream')) {
        const route = request.routeOptions.url ?? 'unmatched';
        this.duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      }
      done();
    });
  }
}
