import { HttpException, HttpStatus } from '@nestjs/common';
import { INTAKE_CODES } from '../projects/intake/intake-error';

/**
 * Every error code a client can see, one place: clients switch on `code`, never on prose.
 * HTTP status is derived here too, so a code always answers with the same status.
 */
export const ERROR_STATUS = {
  validation_failed: HttpStatus.BAD_REQUEST,
  invalid_id: HttpStatus.BAD_REQUEST,
  invalid_cursor: HttpStatus.BAD_REQUEST,
  malformed_body: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  method_not_allowed: HttpStatus.METHOD_NOT_ALLOWED,
  task_not_finished: HttpStatus.CONFLICT,
  task_finished: HttpStatus.CONFLICT,
  idempotency_conflict: HttpStatus.CONFLICT,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  backlog_full: HttpStatus.TOO_MANY_REQUESTS,
  playbook_not_in_revision: HttpStatus.BAD_REQUEST,
  // Why a project archive or git source was refused.
  ...INTAKE_CODES,
  internal_error: HttpStatus.INTERNAL_SERVER_ERROR,
  service_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ProblemExtras {
  /** Per-field messages for validation errors. */
  errors?: { field: string; message: string }[];
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
  [key: string]: unknown;
}

/** An error that becomes an RFC 9457 problem+json response with a stable `code`. */
export class ProblemException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail, ERROR_STATUS[code]);
  }
}

export const notFound = (what: string): ProblemException => new ProblemException('not_found', `${what} not found`);
