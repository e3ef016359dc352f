import { posix } from 'node:path';
import { IntakeError } from './intake-error';
import type { IntakeLimits } from './tree-entry';

/**
 * Counts an intake as it streams: entries, unpacked bytes and duplicate names. It throws at the
 * first entry or byte past a limit, so a bomb is stopped while it inflates, not after.
 */
export class IntakeBudget {
  private readonly seen = new Set<string>();
  /** Paths that only a directory may have: the parents of every entry so far. */
  private readonly parents = new Set<string>();
  /** Paths that are not directories: nothing may lie under them. */
  private readonly leaves = new Set<string>();
  private bytes = 0;

  constructor(private readonly limits: IntakeLimits) {}

  /**
   * A new entry (directories count too); refuses a second entry of the same path, a file where a
   * directory is implied (`a` after `a/b`) and a path under a file (`a/b` after the file `a`).
   */
  addEntry(path: string, isDirectory = false): void {
    if (this.seen.has(path) || (!isDirectory && this.parents.has(path))) throw duplicate(path);
    this.seen.add(path);
    if (this.seen.size > this.limits.maxFiles) {
      throw new IntakeError('too_many_files', `more than ${this.limits.maxFiles} files (RELIA_PROJECT_MAX_FILES)`);
    }
    if (!isDirectory) this.leaves.add(path);
    this.addParents(path);
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

  private addParents(path: string): void {
    for (let dir = posix.dirname(path); dir !== '.' && !this.parents.has(dir); dir = posix.dirname(dir)) {
      if (this.leaves.has(dir)) throw duplicate(dir);
      this.parents.add(dir);
    }
  }
}

function duplicate(path: string): IntakeError {
  return new IntakeError('duplicate_entry', `"${path}" appears twice (or as both a file and a directory)`);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
