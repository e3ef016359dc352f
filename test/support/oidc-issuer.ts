import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';

/** A real OpenID Connect issuer (oidc-provider) on 127.0.0.1, serving discovery and JWKS over HTTP. */
export interface TestIssuer {
  url: string;
  /** Client credentials for the provider's own token endpoint (JWT access tokens for audience `relia`). */
  client: { id: string; secret: string };
  /** Signs `claims` (over sensible defaults) with the issuer's current key. */
  mint(claims?: JWTPayload, header?: Partial<JWTHeaderParameters>): Promise<string>;
  /** Publishes a new signing key beside the old one, as issuers rotate, and signs with it from now on. */
  rotateKey(): Promise<void>;
  currentKey(): SigningKey;
  jwksRequests(): number;
  /** The public client of the device authorization grant (RFC 8628), as `relia login` uses it. */
  deviceClient: { id: string };
  /**
   * Approves a pending device authorization as `accountId`, what the user does at the issuer's
   * device page: looks the user code up, grants the requested scopes and the API resource.
   */
  approveDevice(userCode: string, accountId: string): Promise<void>;
  /** The public client's id (authorization code + PKCE, for browsers), when `publicClient` was asked for. */
  publicClientId?: string;
  /**
   * Sets where the public client may send the browser back (Relia's /docs and console URLs, known
   * only once the service listens). Rebuilds the provider like rotateKey: call it before any sign-in.
   */
  setRedirectUris(uris: string[]): void;
  close(): Promise<void>;
}

/** Additions to the default issuer; each is off unless asked for. */
export interface TestIssuerOptions {
  /**
   * A public client (no secret, PKCE required, as browsers use) with oidc-provider's development
   * login and consent pages: any login name signs in as that subject, with any password.
   */
  publicClient?: { id?: string; redirectUris?: string[]; roles?: (subject: string) => string[] };
}

/** Which of the provider's optional parts are on, as buildProvider reads them. */
interface ProviderOptions {
  publicClient?: { id: string; redirectUris: string[]; roles: (subject: string) => string[] };
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const CLIENT = { id: 'relia-test', secret: 'relia-test-secret-with-enough-entropy' };
const PUBLIC_CLIENT_ID = 'relia-browser';
/** A public client (no secret) for the device grant, with refresh tokens (scope offline_access). */
const DEVICE_CLIENT = {
  client_id: 'relia-cli',
  token_endpoint_auth_method: 'none',
  application_type: 'native',
  grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
  redirect_uris: [],
  response_types: [],
};

export async function startTestIssuer(port = 0, options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const keys: Array<SigningKey & { privateJwk: JWK }> = [await newKey()];
  let jwksRequests = 0;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/jwks')) jwksRequests += 1;
    handle(req, res);
  });
  const url = `http://127.0.0.1:${await listen(server, port)}`;
  const built: ProviderOptions = {
    publicClient: options.publicClient && {
      id: options.publicClient.id ?? PUBLIC_CLIENT_ID,
      redirectUris: options.publicClient.redirectUris ?? [],
      roles: options.publicClient.roles ?? (() => []),
    },
  };
  // oidc-provider reads its keys once, so a rotation builds a new provider behind the same server.
  let provider: Provider;
  const publish = () => (handle = (provider = buildProvider(url, keys.map((key) => key.privateJwk), built)).callback());
  publish();
  return {
    url,
    client: CLIENT,
    mint: (claims = {}, header = {}) => mint(url, keys[0], claims, header),
    rotateKey: async () => {
      keys.unshift(await newKey());
      publish();
    },
    currentKey: () => keys[0],
    jwksRequests: () => jwksRequests,
    deviceClient: { id: DEVICE_CLIENT.client_id },
    approveDevice: (userCode, accountId) => approveDevice(provider, userCode, accountId),
    publicClientId: built.publicClient?.id,
    setRedirectUris: (uris) => {
      if (!built.publicClient) throw new Error('startTestIssuer was not asked for a publicClient');
      built.publicClient.redirectUris = uris;
      publish();
    },
    close: () => close(server),
  };
}

export { freePort } from '../../src/common/free-port';

function mint(issuer: string, key: SigningKey, claims: JWTPayload, header: Partial<JWTHeaderParameters>) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: issuer, aud: 'relia', sub: 'alice', iat: now, exp: now + 300, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

async function newKey(): Promise<SigningKey & { privateJwk: JWK }> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk, privateJwk };
}

function buildProvider(issuer: string, jwks: JWK[], options: ProviderOptions = {}): Provider {
  const browser = options.publicClient;
  return new Provider(issuer, {
    jwks: { keys: jwks },
    clients: [
      { client_id: CLIENT.id, client_secret: CLIENT.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
      DEVICE_CLIENT,
      ...(browser ? [publicClient(browser)] : []),
    ],
    features: {
      devInteractions: { enabled: Boolean(browser) },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:relia',
        // A browser's token request, or a device login that asked for openid too, names no resource:
        // it gets a token for the one it was granted (not one for userinfo only).
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api', audience: 'relia', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    // `api` is the scope of Relia's API (the resource server above): a browser asks for it.
    ...(browser ? { loadExistingGrant: grantEverything, scopes: ['openid', 'offline_access', 'api'] } : {}),
    ttl: { ClientCredentials: 300 },
    // The client-credentials token is the admin it always was; a signed-in user has the roles asked for.
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) => {
      const accountId = token.accountId;
      return { roles: accountId && browser ? browser.roles(accountId) : ['relia-admin'] };
    },
  });
}

/** Authorization code with PKCE and no secret: what Swagger UI and the console sign in as. */
function publicClient(browser: NonNullable<ProviderOptions['publicClient']>) {
  return {
    client_id: browser.id,
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: browser.redirectUris,
  };
}

/** The parts of oidc-provider's context that grantEverything reads (the package has no types). */
interface GrantContext {
  oidc: {
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    params?: { scope?: string };
    provider: { Grant: GrantClass };
  };
}
interface GrantInstance {
  addOIDCScope(scope: string): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface GrantClass {
  new (init: { clientId: string; accountId: string }): GrantInstance;
  find(id: string): Promise<GrantInstance | undefined>;
}

/**
 * Consent without a consent page: the sign-in shows the IdP's login page only, as a first-party
 * client at a company IdP does, and the grant covers the scopes asked for and Relia's API.
 */
async function grantEverything(ctx: GrantContext): Promise<GrantInstance | undefined> {
  const { client, session, result, params, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const existing = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  if (existing) return provider.Grant.find(existing);
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(params?.scope ?? 'openid');
  grant.addResourceScope('urn:relia', 'api');
  await grant.save();
  return grant;
}

/** What the device page does once the user has signed in and consented (oidc-provider's models). */
async function approveDevice(provider: Provider, userCode: string, accountId: string): Promise<void> {
  // The provider stores user codes normalised: its charset only, upper case, no separators.
  const code = await provider.DeviceCode.findByUserCode(userCode.replace(/[^A-Za-z]/g, '').toUpperCase());
  if (!code) throw new Error(`no pending device authorization with user code ${userCode}`);
  // The device authorization request's scope, granted whole, as a consent screen would.
  const scope: string = code.params?.scope ?? 'openid';
  const grant = new provider.Grant({ accountId, clientId: code.clientId });
  grant.addOIDCScope(scope);
  grant.addResourceScope('urn:relia', 'api');
  code.grantId = await grant.save();
  code.accountId = accountId;
  code.scope = scope;
  // As if the client had asked for the API (resource indicators): the access token is then a JWT for it.
  code.resource = 'urn:relia';
  code.authTime = Math.floor(Date.now() / 1000);
  await code.save();
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
