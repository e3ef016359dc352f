import { loadOrCreateDevKey, signDevToken } from '../../src/auth/dev-token';

/** A development token for `user`, signed with the data directory's key. */
export async function loadDevKeyAndSign(dataDir: string, user: string, options: { admin?: boolean } = {}): Promise<string> {
  const { privateKey } = await loadOrCreateDevKey(dataDir);
  return signDevToken(privateKey, user, options);
}
