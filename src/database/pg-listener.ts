import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DATABASE_URL } from './tokens';

/** The channels Relia speaks on; payloads are short strings. */
export const CHANNELS = {
  /** Pending work exists: idle dispatchers should claim. */
  wake: 'relia_wake',
  /** A task id whose running attempt must stop. */
  cancel: 'relia_cancel',
  /** A JSON task change for live event streams. */
  taskEvent: 'relia_task_event',
} as const;

const RECONNECT_MAX_MS = 5000;

/**
 * An advisory lock key (per database). A replica holds it, shared, on its LISTEN connection while
 * it has live event streams open; publishers of task changes send nothing while nobody holds it
 * (see TaskChangePublisher). Session-level: a lost connection lets go of it.
 */
export const STREAMS_LOCK = 8_271_903_311;

/**
 * One dedicated connection that LISTENs on Relia's channels and re-emits notifications as
 * events. It reconnects with capped backoff; while it is down, the dispatcher's polling keeps
 * work moving, and `connected` tells readiness.
 */
@Injectable()
export class PgListener extends EventEmitter implements OnApplicationShutdown {
  private readonly logger = new Logger('PgListener');
  private client: Client | undefined;
  private closed = false;
  private retryMs = 100;
  connected = false;

  constructor(@Inject(DATABASE_URL) private readonly url: string) {
    super();
    this.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'relia-listener' });
    client.on('notification', (n) => this.emit(n.channel, n.payload ?? ''));
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    await client.connect();
    for (const channel of Object.values(CHANNELS)) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.connected = true;
    this.retryMs = 100;
    this.emit('reconnected');
  }

  /** Takes or lets go of STREAMS_LOCK (shared) on this connection; throws while it is down. */
  async holdStreamsLock(hold: boolean): Promise<void> {
    if (!this.client) throw new Error('the LISTEN connection is down');
    await this.client.query(`SELECT ${hold ? 'pg_advisory_lock_shared' : 'pg_advisory_unlock_shared'}($1)`, [STREAMS_LOCK]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.connected = false;
    await this.client?.end().catch(() => undefined);
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client && this.client !== undefined) return;
    this.client = undefined;
    this.connected = false;
    if (this.closed) return;
    this.logger.warn(`LISTEN connection lost${error ? `: ${error.message}` : ''}; reconnecting`);
    client.removeAllListeners();
    client.on('error', () => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    setTimeout(() => {
      if (!this.closed) this.start().catch(() => this.scheduleReconnect());
    }, delay).unref();
  }
}
