import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, EXIT } from '../exit-codes';
import { fetchOrUnreachable } from '../net-errors';
import { jwtClaims } from './jwt-claims';
import type { StoredLogin } from './credentials';
import { discover, expiresAt, OAuthError, postForm, type TokenResponse } from './oidc';

/** GET /auth/config: how this service's users sign in. */
interface AuthConfig {
  issuer: string | null;
  client_id: string | null;
  scopes: string[];
  development_tokens: boolean;
}

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}

/**
 * Signs in with the OAuth device authorization grant (RFC 8628): ask the issuer for a code,
 * tell the user where to enter it, and poll the token endpoint at the pace the issuer sets.
 * `say` shows the instructions (stderr, so stdout stays clean for scripts).
 */
export async function deviceLogin(service: string, say: (line: string) => void): Promise<StoredLogin> {
  const config = await authConfig(service);
  const endpoints = await discover(config.issuer);
  if (!endpoints.device_authorization_endpoint) {
    throw new CliError(`the sign-in service ${config.issuer} does not offer the device authorization grant`, EXIT.loginNeeded);
  }
  const scope = config.scopes.join(' ');
  const device = await postForm<DeviceAuthorization>(endpoints.device_authorization_endpoint, { client_id: config.client_id, scope })
    .catch(oauthFailure);
  say(`To sign in, open ${device.verification_uri} and enter the code ${device.user_code}`);
  if (device.verification_uri_complete) say(`(or open ${device.verification_uri_complete})`);
  const token = await poll(endpoints.token_endpoint, config.client_id, device);
  return {
    issuer: config.issuer, client_id: config.client_id, token_endpoint: endpoints.token_endpoint,
    access_token: token.access_token, refresh_token: token.refresh_token, expires_at: expiresAt(token),
    subject: jwtClaims(token.id_token ?? token.access_token).sub,
  };
}

async function authConfig(service: string): Promise<AuthConfig & { issuer: string; client_id: string }> {
  const res = await fetchOrUnreachable('Relia', `${service}/auth/config`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new CliError(`${service} did not say how to sign in (GET /auth/config: HTTP ${res.status})`, EXIT.unreachable);
  const config = (await res.json()) as AuthConfig;
  if (config.development_tokens || !config.issuer) {
    throw new CliError('this service runs without SSO: set RELIA_TOKEN to a development token (`npm run token -- <user>`)', EXIT.usage);
  }
  if (!config.client_id) throw new CliError('the service names no public client id (RELIA_OIDC_CLIENT_ID) to sign in with', EXIT.loginNeeded);
  return config as AuthConfig & { issuer: string; client_id: string };
}

async function poll(tokenEndpoint: string, clientId: string, device: DeviceAuthorization): Promise<TokenResponse> {
  let interval = (device.interval ?? 5) * 1000;
  const deadline = Date.now() + device.expires_in * 1000;
  while (Date.now() < deadline) {
    await sleep(interval);
    try {
      return await postForm<TokenResponse>(tokenEndpoint, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: clientId,
      });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.code === 'authorization_pending') continue;
      // RFC 8628 §3.5: slow down by 5 seconds for this and every later request.
      if (error.code === 'slow_down') interval += 5000;
      else oauthFailure(error);
    }
  }
  throw new CliError('the sign-in code expired before it was entered: run `relia login` again', EXIT.loginNeeded);
}

function oauthFailure(error: unknown): never {
  if (!(error instanceof OAuthError)) throw error;
  if (error.code === 'access_denied') throw new CliError('sign-in was denied', EXIT.loginNeeded);
  if (error.code === 'expired_token') throw new CliError('the sign-in code expired: run `relia login` again', EXIT.loginNeeded);
  throw new CliError(`sign-in failed: ${error.message}`, EXIT.loginNeeded);
}
