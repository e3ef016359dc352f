import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEV_KEY_FILE, DevTokenVerifier, isValidUserName, loadOrCreateDevKey, signDevToken } from './dev-token';
import { InvalidTokenError } from './principal';

describe('dev tokens', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'relia-dev-token-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a user token', async () => {
    const { privateKey, publicKey } = await loadOrCreateDevKey(dir);
    const token = await signDevToken(privateKey, 'alice@example.com');
    await expect(new DevTokenVerifier(publicKey, 'relia-admin').verify(token)).resolves.toEqual({
      userId: 'alice@example.com',
      roles: [],
      isAdmin: false,
    });
  });

  it('marks an admin token with the configured admin role', async () => {
    const { privateKey, publicKey } = await loadOrCreateDevKey(dir);
    const token = await signDevToken(privateKey, 'root', { admin: true, adminRole: 'ops' });
    await expect(new DevTokenVerifier(publicKey, 'ops').verify(token)).resolves.toEqual({ userId: 'root', roles: ['ops'], isAdmin: true });
    await expect(new DevTokenVerifier(publicKey, 'relia-admin').verify(token)).resolves.toMatchObject({ isAdmin: false });
  });

  it('refuses a token signed by another data directory\'s key', async () => {
    const other = mkdtempSync(join(tmpdir(), 'relia-dev-token-'));
    try {
      const token = await signDevToken((await loadOrCreateDevKey(other)).privateKey, 'alice');
      const verifier = await DevTokenVerifier.fromDataDir(dir, 'relia-admin');
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses an expired token', async () => {
    const { privateKey, publicKey } = await loadOrCreateDevKey(dir);
    const token = await signDevToken(privateKey, 'alice', { ttlSeconds: -1 });
    await expect(new DevTokenVerifier(publicKey, 'relia-admin').verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token from another issuer, even with the right key', async () => {
    const { privateKey, publicKey } = await loadOrCreateDevKey(dir);
    const token = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('someone-else')
      .setAudience('relia')
      .setSubject('alice')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(new DevTokenVerifier(publicKey, 'relia-admin').verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('reuses the key file, private to its owner, and creates the data directory', async () => {
    const nested = join(dir, 'a', 'b');
    const first = await loadOrCreateDevKey(nested);
    const token = await signDevToken(first.privateKey, 'alice');
    const second = await loadOrCreateDevKey(nested);
    await expect(new DevTokenVerifier(second.publicKey, 'relia-admin').verify(token)).resolves.toMatchObject({ userId: 'alice' });
    expect(statSync(join(nested, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('agrees on one key when several callers create it at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevKey(dir)));
    const token = await signDevToken(keys[3].privateKey, 'alice');
    for (const { publicKey } of keys) {
      await expect(new DevTokenVerifier(publicKey, 'relia-admin').verify(token)).resolves.toMatchObject({ userId: 'alice' });
    }
    expect(readdirSync(dir)).toEqual([DEV_KEY_FILE]);
  });

  it('validates user names', async () => {
    expect(['alice', 'a.b-c_d@example.com', 'x'.repeat(128)].every(isValidUserName)).toBe(true);
    expect(['', 'x'.repeat(129), 'a b', 'a/b', 'é', 'a\n'].some(isValidUserName)).toBe(false);
    const { privateKey } = await loadOrCreateDevKey(dir);
    expect(() => signDevToken(privateKey, 'a b')).toThrow(/invalid user name/);
  });
});
