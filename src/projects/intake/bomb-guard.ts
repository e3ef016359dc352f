import { Transform, type TransformCallback } from 'node:stream';
import { IntakeError } from './intake-error';

const MiB = 1024 * 1024;

/**
 * How much inflation we believe. An Ansible project is text (YAML, Jinja, Python) plus a few
 * binaries: gzip and deflate shrink such trees 3–10:1, very repetitive files (inventories, JSON
 * fixtures) reach 20–50:1. Zeros reach ~1000:1, the deflate maximum. So past a floor big enough
 * that small odd archives never trip it, a whole archive above 100:1 or one entry above 500:1 is
 * a bomb, and it is refused while it inflates, long before maxUnpackedBytes is reached.
 * A tar.gz is one gzip stream, so only its whole-archive ratio is known; a zip has both.
 */
export const WHOLE_ARCHIVE = { ratio: 100, floor: 8 * MiB } as const;
export const SINGLE_ENTRY = { ratio: 500, floor: 1 * MiB } as const;

export interface RatioLimit {
  readonly ratio: number;
  readonly floor: number;
}

export function checkRatio(inflated: number, compressed: number, limit: RatioLimit, what: string): void {
  if (inflated > limit.floor && inflated > limit.ratio * compressed) {
    throw new IntakeError('archive_bomb', `${what} inflates more than ${limit.ratio}:1 (${inflated} bytes from ${compressed})`);
  }
}

/** Sits after gunzip: every inflated byte (headers and padding too) against the bytes read so far. */
export function inflationGuard(compressedSoFar: () => number): Transform {
  let inflated = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      inflated += chunk.length;
      try {
        checkRatio(inflated, compressedSoFar(), WHOLE_ARCHIVE, 'the archive');
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
