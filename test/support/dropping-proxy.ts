import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on loopback in front of the service that cuts the first event-stream connection
 * right after its first event, as a load balancer or a flaky network would, and records the
 * headers every event-stream request came with.
 */
export async function startDroppingProxy(target: string): Promise<{ url: string; eventRequests: IncomingHttpHeaders[]; firstEventId: () => string | undefined; close(): Promise<void> }> {
  const eventRequests: IncomingHttpHeaders[] = [];
  let firstEventId: string | undefined;
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    const isEvents = /\/tasks\/[^/]+\/events/.test(req.url ?? '');
    if (isEvents) eventRequests.push(req.headers);
    const cut = isEvents && eventRequests.length === 1;
    const upstream = request({ host: hostname, port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.on('data', (chunk: Buffer) => {
        const id = /^id: (.+)$/m.exec(chunk.toString());
        if (!(cut && id)) return void res.write(chunk);
        firstEventId ??= id[1];
        up.destroy();
        // Once the event has reached the client, the connection breaks (no clean end of the stream).
        res.write(chunk, () => res.socket?.destroy());
      });
      up.on('end', () => res.end());
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    eventRequests,
    firstEventId: () => firstEventId,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
