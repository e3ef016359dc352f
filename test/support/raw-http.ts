import { request as httpRequest } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request, on its own connection (a server may close one after an error), with exactly the method, path, headers and body given: no client library
 * normalising the path or refusing odd methods, as an attacker's client would not.
 */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer,
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  // Node's client frames a GET body badly unless told its length; servers then see garbage.
  if (body !== undefined) headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, timeout: 30_000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}
