import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { principalFromClaims, toInvalidToken } from './claims';
import type { Principal, TokenVerifier } from './principal';

/**
 * Local development tokens, for running Relia without an identity provider. They are signed
 * with a key kept in the data directory, so anyone who can read that directory can be anyone:
 * fine on a laptop, and the reason production refuses this mode (see config.ts).
 */
export const DEV_ISSUER = 'relia-dev';
export const DEV_AUDIENCE = 'relia';
export const DEV_KEY_FILE = 'dev-token-key.json';
const DEFAULT_TTL_SECONDS = 12 * 3600;
const USER_NAME = /^[A-Za-z0-9._@-]{1,128}$/;
export const USER_NAME_RULE = '1 to 128 characters of A-Z a-z 0-9 . _ @ -';

export interface DevKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

interface StoredKey {
  privateKey: JWK;
  publicKey: JWK;
}

export function isValidUserName(name: string): boolean {
  return USER_NAME.test(name);
}

/** The data directory's Ed25519 key pair, created on first use. */
export async function loadOrCreateDevKey(dataDir: string): Promise<DevKey> {
  const path = join(dataDir, DEV_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  const stored = (await readKeyFile(path)) ?? (await createKeyFile(path));
  const [privateKey, publicKey] = await Promise.all([
    importJWK(stored.privateKey, 'EdDSA'),
    importJWK(stored.publicKey, 'EdDSA'),
  ]);
  return { privateKey: privateKey as CryptoKey, publicKey: publicKey as CryptoKey };
}

async function readKeyFile(path: string): Promise<StoredKey | undefined> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as StoredKey;
  } catch {
    throw new Error(`${path} is not a dev token key; delete it to create a new one`);
  }
}

/**
 * Writes the whole file under a private name, then links it into place: link() fails if the
 * file exists, so when two processes race, one wins and the other reads the winner's key —
 * and no reader ever sees a half-written file.
 */
async function createKeyFile(path: string): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const stored = { privateKey: await exportJWK(privateKey), publicKey: await exportJWK(publicKey) };
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify(stored), { flag: 'wx', mode: 0o600 });
  try {
    await link(temp, path);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readKeyFile(path)) as StoredKey;
  } finally {
    await rm(temp, { force: true });
  }
}

export interface DevTokenOptions {
  admin?: boolean;
  ttlSeconds?: number;
  adminRole?: string;
}

export function signDevToken(privateKey: CryptoKey, userId: string, options: DevTokenOptions = {}): Promise<string> {
  if (!isValidUserName(userId)) throw new Error(`invalid user name "${userId}": use ${USER_NAME_RULE}`);
  const roles = options.admin ? [options.adminRole ?? 'relia-admin'] : [];
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? DEFAULT_TTL_SECONDS))
    .sign(privateKey);
}

/** Accepts the tokens of signDevToken, and nothing else. */
export class DevTokenVerifier implements TokenVerifier {
  constructor(
    private readonly publicKey: CryptoKey,
    private readonly adminRole: string,
  ) {}

  static async fromDataDir(dataDir: string, adminRole: string): Promise<DevTokenVerifier> {
    return new DevTokenVerifier((await loadOrCreateDevKey(dataDir)).publicKey, adminRole);
  }

  isReady(): boolean {
    return true;
  }

  async verify(token: string): Promise<Principal> {
    const { payload } = await jwtVerify(token, this.publicKey, {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ['EdDSA'],
      requiredClaims: ['exp'],
    }).catch(toInvalidToken);
    return principalFromClaims(payload, { userClaim: 'sub', rolesClaim: 'roles', adminRole: this.adminRole });
  }
}
