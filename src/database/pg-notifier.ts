import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STREAMS_LOCK } from './pg-listener';

/**
 * Sends NOTIFYs. A NOTIFY inside every enqueue would serialise commits server-wide (STACK.md),
 * so wake-ups are coalesced: at most one in flight, and one more after it if anything asked
 * meanwhile.
 */
@Injectable()
export class PgNotifier {
  private readonly logger = new Logger('PgNotifier');
  private readonly inFlight = new Map<string, boolean>();

  constructor(private readonly db: DataSource) {}

  /** Coalesced: many calls while one is in flight become one more NOTIFY. */
  coalesced(channel: string): void {
    if (this.inFlight.has(channel)) {
      this.inFlight.set(channel, true);
      return;
    }
    this.inFlight.set(channel, false);
    this.send(channel, '').finally(() => {
      const again = this.inFlight.get(channel);
      this.inFlight.delete(channel);
      if (again) this.coalesced(channel);
    });
  }

  /**
   * Whether some replica has a live event stream open (holds STREAMS_LOCK). The exclusive try
   * fails while anyone holds it shared, and is let go at the end of this one statement; when in
   * doubt (an error), yes.
   */
  async streamsOpen(): Promise<boolean> {
    try {
      const [row] = await this.db.query('SELECT pg_try_advisory_xact_lock($1) AS nobody', [STREAMS_LOCK]);
      return !row.nobody;
    } catch {
      return true;
    }
  }

  async send(channel: string, payload: string): Promise<void> {
    await this.sendEach(channel, [payload]);
  }

  /**
   * Several notifications in one statement (one round trip, one commit), delivered in the order
   * given: PostgreSQL sends a transaction's notifications in the order they were made.
   */
  async sendEach(channel: string, payloads: string[]): Promise<void> {
    if (payloads.length === 0) return;
    try {
      if (payloads.length === 1) await this.db.query('SELECT pg_notify($1, $2)', [channel, payloads[0]]);
      else await this.db.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [channel, payloads]);
    } catch (error) {
      // Listeners also poll, so a lost notification delays work but never loses it.
      this.logger.warn(`NOTIFY ${channel} failed: ${(error as Error).message}`);
    }
  }
}
