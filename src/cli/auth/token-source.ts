import { CliError, EXIT } from '../exit-codes';
import { CredentialStore, type StoredLogin } from './credentials';
import { expiresAt, OAuthError, postForm, type TokenResponse } from './oidc';

/** Where a request's bearer token comes from. */
export interface TokenSource {
  readonly kind: 'environment' | 'login';
  token(): Promise<string>;
  /** A fresh token after the service refused one; undefined when there is no way to get one. */
  renew(): Promise<string | undefined>;
}

/** Refresh this long before the access token expires, so it does not expire in flight. */
const EARLY_SECONDS = 30;

/** RELIA_TOKEN (CI, service accounts) wins over the stored login. */
export function tokenSource(service: string, env: NodeJS.ProcessEnv = process.env, store = new CredentialStore()): TokenSource {
  if (env.RELIA_TOKEN) return environmentToken(env.RELIA_TOKEN);
  return new LoginTokens(service, store);
}

function environmentToken(token: string): TokenSource {
  return { kind: 'environment', token: async () => token, renew: async () => undefined };
}

/** The stored device-grant login, refreshed by itself when its access token is (nearly) expired. */
class LoginTokens implements TokenSource {
  readonly kind = 'login';
  constructor(private readonly service: string, private readonly store: CredentialStore) {}

  async token(): Promise<string> {
    const login = this.login();
    if (login.expires_at - EARLY_SECONDS > Date.now() / 1000) return login.access_token;
    return this.refresh(login);
  }

  async renew(): Promise<string | undefined> {
    const login = this.login();
    return login.refresh_token ? this.refresh(login) : undefined;
  }

  private login(): StoredLogin {
    const login = this.store.get(this.service);
    if (!login) throw new CliError(`not signed in to ${this.service}: run \`relia login\` (or set RELIA_TOKEN)`, EXIT.loginNeeded);
    return login;
  }

  private async refresh(login: StoredLogin): Promise<string> {
    if (!login.refresh_token) throw expired(this.service);
    let token: TokenResponse;
    try {
      token = await postForm<TokenResponse>(login.token_endpoint, {
        grant_type: 'refresh_token', refresh_token: login.refresh_token, client_id: login.client_id,
      });
    } catch (error) {
      if (error instanceof OAuthError) throw expired(this.service);
      throw error;
    }
    // Issuers that rotate refresh tokens send a new one; the others keep the old one valid.
    this.store.put(this.service, {
      ...login, access_token: token.access_token, refresh_token: token.refresh_token ?? login.refresh_token, expires_at: expiresAt(token),
    });
    return token.access_token;
  }
}

const expired = (service: string): CliError =>
  new CliError(`your login to ${service} expired: run \`relia login\` again`, EXIT.loginNeeded);
