import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/**
 * One Server-Sent Events response: headers that stop proxies from buffering, a `: heartbeat`
 * comment on a timer (so idle connections survive load balancers' idle timeouts, ~60 s on
 * most), and a single way to end it from either side.
 */
export class SseStream {
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onEnd: Array<() => void> = [];
  private ended = false;
  private readonly res: ServerResponse;

  constructor(reply: FastifyReply, heartbeatMs: number) {
    // The stream is written by hand from here on; the headers set so far (security, request id)
    // go with it. Set one by one rather than in writeHead, so that hooks can still read them (the
    // HTTP metrics leave event streams out by their content type).
    reply.hijack();
    const res = (this.res = reply.raw);
    for (const [name, value] of Object.entries({ ...reply.getHeaders(), ...SSE_HEADERS })) res.setHeader(name, value as string);
    res.writeHead(200);
    // Reconnect soon after a replica goes away; Last-Event-ID then resumes.
    res.write('retry: 2000\n\n');
    this.heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => this.end());
  }

  get isEnded(): boolean {
    return this.ended;
  }

  send(id: string | number, data: unknown): void {
    if (!this.ended) this.res.write(`id: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  whenEnded(fn: () => void): void {
    this.onEnd.push(fn);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.res.end();
    for (const fn of this.onEnd) fn();
  }
}
