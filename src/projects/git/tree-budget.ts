import { IntakeBudget } from '../intake/intake-budget';
import type { IntakeLimits } from '../intake/tree-entry';

/**
 * Counts a commit's tree from `git ls-tree -r -l -z` output as it streams, so a tree with too many
 * files or bytes is refused before a single file is checked out (a checkout bomb never lands).
 */
export class TreeBudget {
  private readonly budget: IntakeBudget;
  private pending = Buffer.alloc(0);

  constructor(limits: IntakeLimits) {
    this.budget = new IntakeBudget(limits);
  }

  /** Throws too_many_files or too_large at the first record past a limit. */
  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (let end = this.pending.indexOf(0); end !== -1; end = this.pending.indexOf(0)) {
      this.count(this.pending.subarray(0, end).toString());
      this.pending = this.pending.subarray(end + 1);
    }
  }

  /** `<mode> <type> <object> <size>\t<path>`; a submodule's size is `-`. */
  private count(record: string): void {
    const tab = record.indexOf('\t');
    const [, type, , size] = record.slice(0, tab).split(/\s+/);
    this.budget.addEntry(record.slice(tab + 1));
    if (type === 'blob') this.budget.addBytes(Number(size));
  }
}
