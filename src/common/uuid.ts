import { randomBytes } from 'node:crypto';
import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem';

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp then random bits. New rows land at the end
 * of the primary-key index instead of on random pages, which keeps inserts cheap at millions of
 * rows, and ids sort roughly by creation time.
 */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A path parameter that must be a UUID: anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => new ProblemException('invalid_id', `${name} must be a UUID`),
  });
