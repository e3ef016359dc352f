import type { ReliaConfig } from '../config/config';
import type { IntakeLimits } from './intake/tree-entry';

/** RELIA_PROJECT_MAX_*: the bounds of every archive and git checkout. */
export function projectLimits(config: ReliaConfig): IntakeLimits {
  return { maxFiles: config.project.maxFiles, maxUnpackedBytes: config.project.maxUnpackedBytes, maxCompressedBytes: config.project.maxBytes };
}
