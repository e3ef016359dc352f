import type { AuthConfig } from '../api/types';
import { startSession } from './session';

/**
 * The console's SSO sign-in: authorization code with PKCE (RFC 7636), as a public client, with
 * a full-page redirect to the issuer and back to `/`. The verifier and state wait in
 * sessionStorage for the return; the code is redeemed at once and removed from the address bar.
 */
const PENDING = 'relia.oidc.pending';

interface Pending {
  state: string;
  verifier: string;
  /** Where the user was (the hash route), to go back there after signing in. */
  returnTo: string;
  tokenEndpoint: string;
  clientId: string;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

const redirectUri = (): string => `${location.origin}/`;

export async function beginSignIn(config: AuthConfig): Promise<void> {
  if (!config.issuer || !config.client_id) throw new Error('No public client is configured (RELIA_OIDC_CLIENT_ID)');
  const discovery = await discover(config.issuer);
  const verifier = randomString(48);
  const state = randomString(24);
  const pending: Pending = { state, verifier, returnTo: location.hash, tokenEndpoint: discovery.token_endpoint, clientId: config.client_id };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.client_id,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On return from the issuer (`/?code=…&state=…`): redeems the code; false when this is no return. */
export async function completeSignIn(): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, '', `/${pending?.returnTo ?? ''}`);
  if (params.has('error')) throw new Error(`The sign-in was refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('The sign-in could not be completed (state mismatch): try again');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code')!,
      redirect_uri: redirectUri(),
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`The issuer refused the sign-in: ${body.error_description ?? response.status}`);
  startSession({ token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 300) * 1000, kind: 'sso' });
  return true;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider cannot be reached (${response.status})`);
  return (await response.json()) as Discovery;
}

function randomString(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
