import { createHmac } from 'node:crypto';
import { OidcTokenVerifier, type OidcSettings } from '../../src/auth/oidc-token-verifier';
import { InvalidTokenError } from '../../src/auth/principal';
import { freePort, startTestIssuer, type TestIssuer } from '../support/oidc-issuer';

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function settings(issuer: string, overrides: Partial<OidcSettings> = {}): OidcSettings {
  return { issuer, audience: 'relia', userClaim: 'sub', rolesClaim: 'roles', adminRole: 'relia-admin', ...overrides };
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('OidcTokenVerifier against a real issuer on loopback', () => {
  let issuer: TestIssuer;
  let verifier: OidcTokenVerifier;

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  beforeEach(async () => {
    verifier = new OidcTokenVerifier(settings(issuer.url), { jwksCooldownMs: 0 });
    await verifier.start();
  });
  afterEach(() => verifier.stop());

  const refuses = async (token: string | Promise<string>) => expect(verifier.verify(await token)).rejects.toBeInstanceOf(InvalidTokenError);

  it('is ready once discovery and the keys are loaded', () => {
    expect(verifier.isReady()).toBe(true);
  });

  it('accepts a valid token and maps its subject and roles', async () => {
    const token = await issuer.mint({ sub: 'alice', roles: ['dev'] });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'alice', roles: ['dev'], isAdmin: false });
  });

  it('accepts an access token issued by the provider itself (client credentials, at+jwt)', async () => {
    const token = await providerAccessToken(issuer);
    await expect(verifier.verify(token)).resolves.toEqual({ userId: issuer.client.id, roles: ['relia-admin'], isAdmin: true });
  });

  it('refuses an expired token, beyond the clock tolerance', () => refuses(issuer.mint({ exp: now() - 60 })));

  it('tolerates a few seconds of clock skew', async () => {
    await expect(verifier.verify(await issuer.mint({ exp: now() - 5 }))).resolves.toMatchObject({ userId: 'alice' });
  });

  it('refuses a token that is not yet valid (nbf)', () => refuses(issuer.mint({ nbf: now() + 120 })));

  it('refuses a token without exp', async () => refuses(await issuer.mint({ exp: undefined })));

  it('refuses a token from another issuer', () => refuses(issuer.mint({ iss: 'https://evil.example.com' })));

  it('refuses a token for another audience', () => refuses(issuer.mint({ aud: 'another-api' })));

  it('refuses alg none', async () => {
    const payload = { iss: issuer.url, aud: 'relia', sub: 'alice', exp: now() + 300 };
    await refuses(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`);
  });

  it('refuses HS256 signed with the public key material', async () => {
    const { kid } = issuer.currentKey();
    const header = base64url({ alg: 'HS256', typ: 'JWT', kid });
    const body = base64url({ iss: issuer.url, aud: 'relia', sub: 'mallory', exp: now() + 300 });
    const secret = JSON.stringify(issuer.currentKey().publicJwk);
    const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
    await refuses(`${header}.${body}.${signature}`);
  });

  it('refuses a token signed by a key the issuer never published (unknown kid)', async () => {
    const stranger = await startTestIssuer();
    try {
      await refuses(await stranger.mint({ iss: issuer.url }));
    } finally {
      await stranger.close();
    }
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await issuer.mint({ sub: 'alice' })).split('.');
    const forged = base64url({ iss: issuer.url, aud: 'relia', sub: 'admin', roles: ['relia-admin'], exp: now() + 300 });
    await refuses(`${header}.${forged}.${signature}`);
  });

  it('refuses garbage', () => refuses('not-a-jwt'));

  it('refuses a token whose user claim is missing or empty', async () => {
    await refuses(await issuer.mint({ sub: undefined }));
    await refuses(await issuer.mint({ sub: '' }));
  });

  it('picks up a rotated key without a restart', async () => {
    await verifier.verify(await issuer.mint());
    await issuer.rotateKey();
    await expect(verifier.verify(await issuer.mint({ sub: 'bob' }))).resolves.toMatchObject({ userId: 'bob' });
  });

  it('reads roles from a dotted path and recognises the admin role', async () => {
    const keycloak = new OidcTokenVerifier(settings(issuer.url, { rolesClaim: 'realm_access.roles' }));
    await keycloak.start();
    const admin = await issuer.mint({ sub: 'root', realm_access: { roles: ['offline_access', 'relia-admin'] } });
    const user = await issuer.mint({ sub: 'bob', realm_access: { roles: ['offline_access'] }, roles: ['relia-admin'] });
    await expect(keycloak.verify(admin)).resolves.toEqual({ userId: 'root', roles: ['offline_access', 'relia-admin'], isAdmin: true });
    await expect(keycloak.verify(user)).resolves.toMatchObject({ userId: 'bob', isAdmin: false });
    keycloak.stop();
  });

  it('uses a configured user claim', async () => {
    const byEmail = new OidcTokenVerifier(settings(issuer.url, { userClaim: 'email' }));
    await byEmail.start();
    await expect(byEmail.verify(await issuer.mint({ email: 'a@example.com' }))).resolves.toMatchObject({ userId: 'a@example.com' });
    byEmail.stop();
  });
});

describe('OidcTokenVerifier key refresh limits', () => {
  it('refetches the keys once for an unknown kid, then not again within the cooldown', async () => {
    const issuer = await startTestIssuer();
    const stranger = await startTestIssuer();
    const verifier = new OidcTokenVerifier(settings(issuer.url), { jwksCooldownMs: 300 });
    try {
      await verifier.start();
      const forged = await stranger.mint({ iss: issuer.url });
      await new Promise((resolve) => setTimeout(resolve, 350));
      const before = issuer.jwksRequests();
      for (let i = 0; i < 5; i++) await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
      expect(issuer.jwksRequests() - before).toBe(1);
    } finally {
      verifier.stop();
      await Promise.all([issuer.close(), stranger.close()]);
    }
  });
});

describe('OidcTokenVerifier when the issuer is down at start-up', () => {
  it('is not ready and refuses tokens, then becomes ready once the issuer is up', async () => {
    const port = await freePort();
    const verifier = new OidcTokenVerifier(settings(`http://127.0.0.1:${port}`), { retryInitialMs: 50, retryMaxMs: 200 });
    let issuer: TestIssuer | undefined;
    try {
      await expect(verifier.start()).resolves.toBeUndefined();
      expect(verifier.isReady()).toBe(false);
      issuer = await startTestIssuer(port);
      await expect(verifier.verify(await issuer.mint())).rejects.toBeInstanceOf(InvalidTokenError);
      await waitFor(() => verifier.isReady());
      await expect(verifier.verify(await issuer.mint())).resolves.toMatchObject({ userId: 'alice' });
    } finally {
      verifier.stop();
      await issuer?.close();
    }
  });

  it('refuses a discovery document that names another issuer', async () => {
    const issuer = await startTestIssuer();
    const verifier = new OidcTokenVerifier(settings(`${issuer.url}/`), { retryInitialMs: 60_000 });
    try {
      await verifier.start();
      expect(verifier.isReady()).toBe(false);
    } finally {
      verifier.stop();
      await issuer.close();
    }
  });

  it('stops retrying once stopped', async () => {
    const port = await freePort();
    const verifier = new OidcTokenVerifier(settings(`http://127.0.0.1:${port}`), { retryInitialMs: 300 });
    await verifier.start();
    verifier.stop();
    const issuer = await startTestIssuer(port);
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(verifier.isReady()).toBe(false);
    } finally {
      await issuer.close();
    }
  });
});

async function providerAccessToken(issuer: TestIssuer): Promise<string> {
  const response = await fetch(`${issuer.url}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${issuer.client.id}:${issuer.client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=api',
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
