import type { INestApplication } from '@nestjs/common';

/**
 * CORS only for the origins the operator lists. Without a list no CORS header is sent, so
 * browsers keep other sites' pages from reading the API. Bearer tokens travel in a header, never
 * in cookies, so credentials stay off.
 */
export function applyCors(app: INestApplication, origins: string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: origins,
    credentials: false,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Location', 'Retry-After'],
    maxAge: 600,
  });
}
