import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { principalFromClaims, toInvalidToken, type ClaimMapping } from './claims';
import { InvalidTokenError, type Principal, type TokenVerifier } from './principal';

export interface OidcSettings extends ClaimMapping {
  issuer: string;
  audience: string;
}

/** Timings; the defaults suit production, tests shorten them. */
export interface OidcTimings {
  /** Least time between two JWKS fetches caused by unknown `kid`s: a flood of forged kids cannot make us hammer the issuer. */
  jwksCooldownMs: number;
  /** Keys older than this are refetched, so a key the issuer withdrew stops being trusted. */
  jwksMaxAgeMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

const DEFAULT_TIMINGS: OidcTimings = {
  jwksCooldownMs: 30_000,
  jwksMaxAgeMs: 10 * 60_000,
  retryInitialMs: 1_000,
  retryMaxMs: 60_000,
};

// Asymmetric only: `none` has no signature, and HS* would let anyone holding the public key sign.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
// Clocks of the issuer and the replicas drift a little; tokens live minutes, so 30 s costs nothing.
const CLOCK_TOLERANCE_SECONDS = 30;
const DISCOVERY_TIMEOUT_MS = 5_000;

/** Verifies access tokens of an OpenID Connect issuer, found through its discovery document. */
export class OidcTokenVerifier implements TokenVerifier {
  private readonly logger = new Logger(OidcTokenVerifier.name);
  private readonly timings: OidcTimings;
  private jwks: JWTVerifyGetKey | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly settings: OidcSettings,
    timings: Partial<OidcTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  /** Tries discovery once; if the issuer is down, keeps retrying in the background. Never rejects. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt(this.timings.retryInitialMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  isReady(): boolean {
    return this.jwks !== undefined;
  }

  async verify(token: string): Promise<Principal> {
    if (!this.jwks) throw new InvalidTokenError('the OIDC issuer has not been discovered yet');
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    }).catch(toInvalidToken);
    return principalFromClaims(payload, this.settings);
  }

  private async attempt(delayMs: number): Promise<void> {
    try {
      this.jwks = await this.discover();
      this.logger.log(`OIDC issuer ${this.settings.issuer} discovered`);
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`OIDC discovery failed (${(error as Error).message}); retrying in ${delayMs} ms`);
      // Capped exponential backoff: a long outage costs one request a minute, not a storm.
      const next = Math.min(delayMs * 2, this.timings.retryMaxMs);
      this.retryTimer = setTimeout(() => void this.attempt(next), delayMs).unref();
    }
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const document = await fetchDiscovery(this.settings.issuer);
    const jwks = createRemoteJWKSet(new URL(document.jwks_uri), {
      cooldownDuration: this.timings.jwksCooldownMs,
      cacheMaxAge: this.timings.jwksMaxAgeMs,
    });
    // Fetch the keys now, so "ready" means the issuer's keys are in hand.
    await jwks.reload();
    return jwks;
  }
}

async function fetchDiscovery(issuer: string): Promise<{ jwks_uri: string }> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // OIDC Discovery 1.0 §4.3: a document naming another issuer must not be used.
  if (document.issuer !== issuer) throw new Error(`${url} names issuer "${String(document.issuer)}"`);
  if (typeof document.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
  return { jwks_uri: document.jwks_uri };
}
