import { CliError, EXIT } from '../exit-codes';
import { fetchOrUnreachable } from '../net-errors';

export interface IssuerEndpoints {
  token_endpoint: string;
  device_authorization_endpoint?: string;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
}

/** The OAuth error body (RFC 6749 §5.2) a token endpoint answers with. */
export class OAuthError extends Error {
  constructor(readonly code: string, description?: string) {
    super(description ? `${code}: ${description}` : code);
  }
}

export async function discover(issuer: string): Promise<IssuerEndpoints> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const res = await fetchOrUnreachable('the sign-in service', url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new CliError(`the sign-in service ${issuer} has no OpenID configuration (HTTP ${res.status})`, EXIT.loginNeeded);
  return (await res.json()) as IssuerEndpoints;
}

/** POSTs a form (as OAuth endpoints take them) and answers the JSON, or throws its OAuth error. */
export async function postForm<T>(url: string, form: Record<string, string>): Promise<T> {
  const res = await fetchOrUnreachable('the sign-in service', url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, string>;
  if (!res.ok) throw new OAuthError(body.error ?? `http_${res.status}`, body.error_description);
  return body as T;
}

export const expiresAt = (token: TokenResponse, now = Date.now()): number =>
  Math.floor(now / 1000) + (token.expires_in ?? 300);
