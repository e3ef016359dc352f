import { CliError, EXIT } from './exit-codes';
import { fetchOrUnreachable } from './net-errors';
import type { TokenSource } from './auth/token-source';

export interface RequestOptions {
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Answer these statuses instead of throwing (e.g. 409 for cancel). */
  allow?: number[];
}

/**
 * The service's HTTP API: the bearer token on every call, one renewal and retry when the
 * service refuses it, and every failure turned into a one-line CliError with its exit code.
 */
export class Api {
  constructor(readonly baseUrl: string, private readonly tokens: TokenSource) {}

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options);
    return (await res.json()) as T;
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let res = await this.once(method, path, options, await this.tokens.token());
    if (res.status === 401) {
      const renewed = await this.tokens.renew();
      if (renewed) res = await this.once(method, path, options, renewed);
    }
    if (res.ok || options.allow?.includes(res.status)) return res;
    throw await this.failure(res);
  }

  private once(method: string, path: string, options: RequestOptions, token: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...options.headers };
    let body: RequestInit['body'];
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.body;
    }
    return fetchOrUnreachable('Relia', `${this.baseUrl}${path}`, { method, headers, body, signal: options.signal });
  }

  private async failure(res: Response): Promise<CliError> {
    const detail = await problemDetail(res);
    if (res.status === 401) {
      const how = this.tokens.kind === 'environment' ? 'RELIA_TOKEN' : 'your login (`relia login` again)';
      return new CliError(`the service refused the token (${detail}): check ${how}`, EXIT.tokenRefused);
    }
    if (res.status === 403) return new CliError(`forbidden: ${detail}`, EXIT.tokenRefused);
    // A proxy or load balancer answering for a service that is down.
    if ([502, 503, 504].includes(res.status)) return new CliError(`Relia is unavailable (HTTP ${res.status}: ${detail})`, EXIT.unreachable);
    if (res.status >= 500) return new CliError(`the service failed (HTTP ${res.status}: ${detail})`, EXIT.internal);
    return new CliError(detail, EXIT.usage);
  }
}

/** The problem+json `detail` (plus per-field messages), or the status line. */
async function problemDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { detail?: string; title?: string; errors?: { field: string; message: string }[] };
    const fields = body.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    return [body.detail ?? body.title ?? `HTTP ${res.status}`, fields].filter(Boolean).join(' — ');
  } catch {
    return `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  }
}
