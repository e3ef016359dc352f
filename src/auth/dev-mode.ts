import type { ReliaConfig } from '../config/config';

/**
 * Development mode: no issuer, and not production (config.ts refuses production without an
 * issuer, but this is the one place that decides, so the check stays even if that rule moves).
 */
export function isDevelopmentMode(config: ReliaConfig): boolean {
  return !config.oidc.issuer && config.nodeEnv !== 'production';
}
