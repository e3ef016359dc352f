import { decodeJwt } from 'jose';
import type { Principal } from './principal';

/** Long enough that a client's burst of requests verifies its token once. */
const MAX_AGE_MS = 60_000;
/** About 2 MB at most (a token and a principal per entry): one replica's active users, not more. */
const MAX_ENTRIES = 10_000;

/**
 * Principals of tokens already verified. An Ed25519 or RS256 signature check through WebCrypto
 * cost about a third of the CPU of `GET /tasks/{id}` (bench/RESULTS.md, issue 8), and a client
 * sends the same token with every request. An entry lives until the token expires, at most
 * 60 s, so a token never outlives its `exp` here and key rotation takes effect within a minute.
 * Refused tokens are not cached: they are verified (and refused) every time.
 */
export class TokenCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  /** Call only with a token that was just verified. */
  set(token: string, principal: Principal): Principal {
    const exp = decodeJwt(token).exp;
    const until = Math.min(this.now() + MAX_AGE_MS, exp === undefined ? 0 : exp * 1000);
    // Insertion order is age order: when full, the oldest entry goes first.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { principal, until });
    return principal;
  }
}
