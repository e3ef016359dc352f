/** The work a replica may hold queued beyond its running tasks, in milliseconds per thread. */
const BUDGET_MS = 50;
/** Only task types whose runs take about this long or less are ever claimed ahead. */
export const FAST_TYPE_MS = 10;
/** The deepest automatic local queue (many no-op-sized tasks). */
export const MAX_AUTO_PREFETCH = 512;
/** How fast a type's mean duration follows new samples. */
const WEIGHT = 0.1;
/** A thread whose attempt has run this long is busy for a while: queue nothing for it. */
export const SLOW_RUN_MS = 1000;

/** How many tasks to claim ahead of free workers, and of which types (undefined: any). */
export interface PrefetchPlan {
  depth: number;
  types?: string[];
}

/**
 * How many tasks to claim ahead of free workers. A claimed task is this replica's until it runs,
 * so by default (RELIA_TASK_PREFETCH=auto) the local queue holds only task types seen to run in
 * about 10 ms or less, and only about 50 ms of their work per thread: hundreds of no-op-sized
 * tasks (one claim round trip then feeds hundreds of runs), a few lint runs, never a playbook
 * test (seconds each, better left to an idle replica) nor a type not seen yet. Threads held by an
 * attempt older than a second count for nothing, so fast tasks never queue behind slow ones.
 * A number in RELIA_TASK_PREFETCH fixes the depth, for any type, instead.
 */
export class Prefetch {
  private readonly meanMs = new Map<string, number>();

  constructor(
    private readonly setting: number | 'auto',
    private readonly threads: number,
  ) {}

  /** Records how long one run of a task type took in its thread. */
  observe(type: string, ms: number): void {
    const mean = this.meanMs.get(type);
    this.meanMs.set(type, mean === undefined ? ms : mean + (ms - mean) * WEIGHT);
  }

  /** Whether runs of this type were seen to take FAST_TYPE_MS or less (a type not seen yet is not). */
  isFast(type: string): boolean {
    return (this.meanMs.get(type) ?? Infinity) <= FAST_TYPE_MS;
  }

  /** `slowThreads`: threads running an attempt older than SLOW_RUN_MS. */
  plan(slowThreads: number): PrefetchPlan {
    if (this.setting !== 'auto') return { depth: this.setting };
    const fast = [...this.meanMs].filter(([, ms]) => ms <= FAST_TYPE_MS);
    const threads = this.threads - slowThreads;
    if (fast.length === 0 || threads <= 0) return { depth: 0, types: [] };
    const slowestMs = Math.max(...fast.map(([, ms]) => ms), 0.01);
    const depth = Math.min(MAX_AUTO_PREFETCH, Math.floor((threads * BUDGET_MS) / slowestMs));
    return { depth, types: fast.map(([type]) => type) };
  }
}
