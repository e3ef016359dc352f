import type { JWTPayload } from 'jose';
import { InvalidTokenError, type Principal } from './principal';

/** Which claims carry the user id and the roles, and which role makes an admin. */
export interface ClaimMapping {
  userClaim: string;
  /** A dotted path, such as `realm_access.roles` (Keycloak) or `groups` (Okta). */
  rolesClaim: string;
  adminRole: string;
}

/** Turns a verified token's claims into a Principal, or throws InvalidTokenError. */
export function principalFromClaims(claims: JWTPayload, mapping: ClaimMapping): Principal {
  const userId = claims[mapping.userClaim];
  if (typeof userId !== 'string' || userId === '') {
    throw new InvalidTokenError(`claim "${mapping.userClaim}" is not a non-empty string`);
  }
  const roles = rolesAt(claims, mapping.rolesClaim);
  return { userId, roles, isAdmin: roles.includes(mapping.adminRole) };
}

/** jose's many error classes become the one error the guard knows; the reason stays in the message, for logs. */
export function toInvalidToken(error: unknown): never {
  throw error instanceof InvalidTokenError ? error : new InvalidTokenError(error instanceof Error ? error.message : String(error));
}

function rolesAt(claims: JWTPayload, path: string): string[] {
  // A claim named exactly `path` wins, so namespaced claims like Auth0's "https://x.example/roles" work.
  const value = Object.hasOwn(claims, path) ? claims[path] : walk(claims, path);
  if (value === undefined) return [];
  // Providers write roles either as a list (Keycloak, Entra ID) or as a space-separated string (scope).
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value) && value.every((role) => typeof role === 'string')) return value;
  // A malformed claim is a misconfiguration worth a loud refusal, not a silent "no roles".
  throw new InvalidTokenError(`claim "${path}" is neither a list of strings nor a string`);
}

function walk(claims: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), claims);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
