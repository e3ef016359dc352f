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
  close(): Promise<void>;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const CLIENT = { id: 'relia-test', secret: 'relia-test-secret-with-enough-entropy' };
/** A public client (no secret) for the device grant, with refresh tokens (scope offline_access). */
const DEVICE_CLIENT = {
  client_id: 'relia-cli',
  token_endpoint_auth_method: 'none',
  application_type: 'native',
  grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
  redirect_uris: [],
  response_types: [],
};

export async function startTestIssuer(port = 0): Promise<TestIssuer> {
  const keys: Array<SigningKey & { privateJwk: JWK }> = [await newKey()];
  let jwksRequests = 0;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/jwks')) jwksRequests += 1;
    handle(req, res);
  });
  const url = `http://127.0.0.1:${await listen(server, port)}`;
  // oidc-provider reads its keys once, so a rotation builds a new provider behind the same server.
  let provider: Provider;
  const publish = () => (handle = (provider = buildProvider(url, keys.map((key) => key.privateJwk))).callback());
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
    close: () => close(server),
  };
}

/** A port that was free a moment ago: lets a test start the issuer late, at a known address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server, 0);
  await close(server);
  return port;
}

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

function buildProvider(issuer: string, jwks: JWK[]): Provider {
  return new Provider(issuer, {
    jwks: { keys: jwks },
    clients: [
      { client_id: CLIENT.id, client_secret: CLIENT.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
      DEVICE_CLIENT,
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:relia',
        // A login that asked for openid too still gets an API token (not one for userinfo only).
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api', audience: 'relia', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    ttl: { ClientCredentials: 300 },
    extraTokenClaims: () => ({ roles: ['relia-admin'] }),
  });
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
