/** Who is calling: the token's subject and what it may do. */
export interface Principal {
  userId: string;
  roles: string[];
  isAdmin: boolean;
}

/** Turns a bearer token into a Principal, or throws InvalidTokenError. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** False while the verifier cannot check tokens yet (for example, the issuer is unreachable). */
  isReady(): boolean;
}

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/** Any reason a token is refused. Its message goes to logs only, never to the client. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}
