import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Archive uploads (projects): the body reaches the handler as a stream, never buffered. */
export const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar+gzip', 'application/zip', 'application/x-zip-compressed'];

export function acceptArchiveBodies(fastify: FastifyInstance): void {
  // The project intake enforces RELIA_PROJECT_MAX_BYTES itself while it reads.
  fastify.addContentTypeParser(ARCHIVE_TYPES, (_request, payload, done) => done(null, payload));
}

/** How much of a refused upload is still read (and dropped), so that the client sees the answer. */
const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 10_000;

/**
 * After a refusal the client may still be sending. Closing the socket with its bytes unread makes
 * the kernel answer with a reset, and the client never reads the 4xx. So the rest is read and
 * dropped, up to a bound in bytes and time; a client that sends more than that is cut off.
 */
export function lingerAfterRefusal(body: IncomingMessage): void {
  if (body.complete) return;
  let left = LINGER_BYTES;
  const cutOff = () => body.destroy();
  const timer = setTimeout(cutOff, LINGER_MS);
  body.unpipe();
  body.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) cutOff();
  });
  body.once('close', () => clearTimeout(timer));
  body.resume();
}
