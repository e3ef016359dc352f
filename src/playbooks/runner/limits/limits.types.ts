/** What a run can exhaust, and what its result names when it did. */
export type LimitKind = 'memory' | 'processes' | 'disk' | 'time';

/** How this replica bounds a run (detected at boot, see detect.ts). */
export type LimitsMechanism = 'cgroup-v2' | 'cgroup-v1' | 'rlimit';

/**
 * How a run takes its unprivileged identity:
 * - `userns`: bwrap maps the run into a user namespace as uid/gid 65534 (if Relia is root, it
 *   first drops to `uid` outside, so the run's processes are `uid` on the host as well);
 * - `setuid`: no user namespaces here; bwrap runs as root and the command drops to `uid` inside;
 * - `none`: the run keeps Relia's uid (sandbox `none`).
 */
export type IdentityMode = 'userns' | 'setuid' | 'none';

/** cgroup directories of a replica's runs: one parent per hierarchy (v2: one; v1: memory, pids, cpu). */
export interface CgroupParents {
  version: 1 | 2;
  /** v2: [the runs' parent]; v1: parent per controller name. */
  parents: Record<string, string>;
}

/** The whole limits setting of a run, serializable (it crosses into the worker thread). */
export interface RunLimits {
  mechanism: LimitsMechanism;
  cgroup?: CgroupParents;
  identity: IdentityMode;
  uid: number;
  memoryMb: number;
  processes: number;
  diskMb: number;
  cpuShare: number;
  openFiles: number;
  /** Paths of the service's own (data dir, install dir) hidden from the run. */
  masked: string[];
}

/** Which limit a run hit, and where. */
export interface LimitHit {
  limit: LimitKind;
  /** The task that was running, or null when Relia cannot tell (said in `message`). */
  task: string | null;
  play: string | null;
  host: string | null;
  step: 'syntax-check' | 'check' | 'run';
  message: string;
}
