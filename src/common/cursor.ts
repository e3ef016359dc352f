import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProblemException } from './problem';

/** A position in a list ordered by (created_at DESC, id DESC). */
export interface Position {
  createdAt: Date;
  id: string;
}

/**
 * Opaque, tamper-proof keyset cursors. The MAC covers the scope (who listed, with which filters),
 * so a cursor cannot be replayed by another user or against another filter.
 */
export class CursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(position: Position, scope: string): string {
    const body = Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString('base64url');
    return `${body}.${this.mac(body, scope)}`;
  }

  decode(cursor: string, scope: string): Position {
    const [body, mac] = cursor.split('.');
    if (!body || !mac || !safeEqual(mac, this.mac(body, scope))) throw invalidCursor();
    try {
      const [ms, id] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [number, string];
      return { createdAt: new Date(ms), id };
    } catch {
      throw invalidCursor();
    }
  }

  private mac(body: string, scope: string): string {
    return createHmac('sha256', this.key).update(`${scope}\n${body}`).digest('base64url').slice(0, 22);
  }
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const invalidCursor = (): ProblemException =>
  new ProblemException('invalid_cursor', 'cursor is not a cursor this service issued for this list');
