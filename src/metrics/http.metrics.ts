import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * HTTP request duration by route template (`/tasks/:task_id`, never the id itself, which would
 * make one series per task) and status. A middleware rather than an interceptor, so requests a
 * guard refuses (401) and errors count too. Event streams are left out: their "duration" is
 * how long someone watched.
 */
@Injectable()
export class HttpMetrics implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({ name: 'relia_http_request_duration_seconds', help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'], buckets: BUCKETS, registers: [registry] });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.duration.startTimer();
    res.once('finish', () => {
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}
