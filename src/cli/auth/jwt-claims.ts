/** A JWT's payload, read without verifying it: only to show who a token names and until when. */
export function jwtClaims(token: string): { sub?: string; exp?: number; iss?: string } {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}
