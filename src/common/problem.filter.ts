import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError } from '../projects/intake/intake-error';
import { ErrorCode, ProblemException, ProblemExtras } from './problem';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  [key: string]: unknown;
}

/** Codes for errors Nest or Express raise on their own, by status. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'task_finished',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Fastify's body-parsing errors, which arrive as plain errors with a `code` and `statusCode`. */
const BODY_PARSER: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', detail: 'The request body is larger than the limit' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_body', detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_body', detail: 'The request body is empty but says it is JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', detail: 'The request body must be application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'malformed_body', detail: 'The request body does not match its Content-Length' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'unsupported_media_type', detail: 'The Content-Type header is not valid' },
};

/**
 * The problem+json body for an error raised before Nest sees the request (Fastify's
 * `frameworkErrors`: a URL that does not decode).
 */
export function frameworkProblem(status: number, detail: string): string {
  return JSON.stringify(problem(CODE_BY_STATUS[status] ?? 'validation_failed', status, detail));
}

/**
 * Turns every error into application/problem+json (RFC 9457). Nothing internal leaks: unknown
 * errors become a bare 500 whose stack trace goes to the log only.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) return void reply.raw.end();
    const problem = this.toProblem(error);
    problem.instance = request.url?.split('?')[0];
    if (typeof problem.retry_after === 'number') reply.header('Retry-After', String(problem.retry_after));
    if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    void reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof ProblemException) return problem(error.code, error.getStatus(), error.detail, error.extras);
    // A refused archive or git source: the client's input, named.
    if (error instanceof IntakeError) return problem(error.code, error.status, error.message);
    // Nest wraps Fastify's own errors (body parsing) in an HttpException; their code is on the cause.
    const raw = error instanceof HttpException ? (error.cause ?? error) : error;
    const parser = BODY_PARSER[(raw as { code?: string })?.code ?? ''];
    if (parser) return problem(parser.code, statusOf(raw), parser.detail);
    if (error instanceof HttpException) return this.fromHttpException(error);
    this.logger.error(error instanceof Error ? error.stack : String(error));
    return problem('internal_error', 500, 'An unexpected error occurred');
  }

  private fromHttpException(error: HttpException): Problem {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'validation_failed');
    const body = error.getResponse();
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    if (status >= 500) return problem(code, status, 'An unexpected error occurred');
    // Nest's "Cannot GET /path?query" would echo the whole URL, query string (and any secret in it) included.
    if (error instanceof NotFoundException) return problem(code, status, 'No route matches this method and path');
    return problem(code, status, detail);
  }
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: number }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : HttpStatus.BAD_REQUEST;
}

function problem(code: ErrorCode, status: number, detail: string, extras: ProblemExtras = {}): Problem {
  const { retryAfter, ...rest } = extras;
  return {
    type: `https://relia.dev/problems/${code.replace(/_/g, '-')}`,
    title: code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    status,
    code,
    detail,
    ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}),
    ...rest,
  };
}
