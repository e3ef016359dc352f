import { IntakeError } from './intake-error';
import type { IntakeLimits } from './tree-entry';

/**
 * Counts an intake as it streams: files, unpacked bytes and duplicate names. It throws at the
 * first entry or byte past a limit, so a bomb is stopped while it inflates, not after.
 */
export class IntakeBudget {
  private readonly seen = new Set<string>();
  private bytes = 0;

  constructor(private readonly limits: IntakeLimits) {}

  /** A new entry; also refuses a second entry of the same path (or a path under a file). */
  addEntry(path: string): void {
    if (this.seen.has(path)) throw new IntakeError('duplicate_entry', `"${path}" appears twice`);
    this.seen.add(path);
    if (this.seen.size > this.limits.maxFiles) {
      throw new IntakeError('too_many_files', `more than ${this.limits.maxFiles} files (RELIA_PROJECT_MAX_FILES)`);
    }
  }

  addBytes(n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxUnpackedBytes) {
      throw new IntakeError('too_large', `more than ${mib(this.limits.maxUnpackedBytes)} MiB unpacked (RELIA_PROJECT_MAX_UNPACKED_BYTES)`);
    }
  }

  get unpackedBytes(): number {
    return this.bytes;
  }
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
