import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { SandboxKind } from '../test-run.types';
import type { RunCgroup } from './cgroup';
import type { LimitKind, RunLimits } from './limits.types';

const PAGE = 4096;
const MiB = 1024 * 1024;

/** What tools print when the kernel refused them a resource: a task's message or the run's output. */
const SYMPTOMS: Array<[Exclude<LimitKind, 'time'>, RegExp]> = [
  ['disk', /No space left on device|File too large|File size limit exceeded|Disk quota exceeded|\[Errno 28\]|\[Errno 27\]/],
  ['memory', /MemoryError|Cannot allocate memory|out of memory|\[Errno 12\]/i],
  ['processes', /Cannot fork|fork: retry|fork: Resource temporarily unavailable|can't fork|BlockingIOError: \[Errno 11\]/i],
];

/** The limit a failure message shows, if any. */
export function symptomOf(text: string): Exclude<LimitKind, 'time'> | undefined {
  return SYMPTOMS.find(([, pattern]) => pattern.test(text))?.[0];
}

/**
 * Tells, while a step runs, whether the run hit a limit: from the run's cgroup (the kernel's own
 * counters of OOM kills and refused forks), or, with rlimits, by counting the tasks and resident
 * memory of the run's processes in /proc (rlimits bound each process; this bounds their sum).
 */
export class LimitWatch {
  private pid: number | undefined;
  private kind: SandboxKind = 'bwrap';
  private ns: string | undefined;

  constructor(
    private readonly limits: RunLimits,
    private readonly cgroup: RunCgroup | undefined,
  ) {}

  /** The step's first process (its pid stays through the wrappers' execs: sh, nice, setpriv, bwrap). */
  attach(pid: number, kind: SandboxKind): void {
    this.pid = pid;
    this.kind = kind;
    this.ns = undefined;
  }

  check(): { limit: Exclude<LimitKind, 'time' | 'disk'>; message: string } | undefined {
    const kernel = this.cgroup?.hit();
    if (kernel === 'memory') return { limit: 'memory', message: `the run used its ${this.limits.memoryMb} MB of memory: the kernel killed a process` };
    if (kernel === 'processes') return { limit: 'processes', message: `the run reached its ${this.limits.processes} processes and threads: the kernel refused a fork` };
    if (this.limits.mechanism !== 'rlimit' || this.pid === undefined) return undefined;
    const usage = this.usage();
    if (usage.tasks >= this.limits.processes) {
      return { limit: 'processes', message: `the run reached its ${this.limits.processes} processes and threads` };
    }
    if (usage.rssBytes >= this.limits.memoryMb * MiB) {
      return { limit: 'memory', message: `the run's processes used ${Math.round(usage.rssBytes / MiB)} MB, over its ${this.limits.memoryMb} MB` };
    }
    return undefined;
  }

  /** Tasks (threads) and resident memory of the run's processes: its PID namespace, or (sandbox none) its process group. */
  private usage(): { tasks: number; rssBytes: number } {
    let tasks = 0;
    let rss = 0;
    if (this.kind === 'bwrap' && !this.ns) this.ns = this.namespace();
    if (this.kind === 'bwrap' && !this.ns) return { tasks, rssBytes: 0 };
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return { tasks, rssBytes: 0 };
    }
    for (const entry of entries) {
      if (entry.charCodeAt(0) > 57 || entry.charCodeAt(0) < 48) continue;
      try {
        if (this.kind === 'bwrap' && readlinkSync(`/proc/${entry}/ns/pid`) !== this.ns) continue;
        const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (this.kind === 'none' && Number(f[2]) !== this.pid) continue;
        tasks += Number(f[17]);
        rss += Number(f[21]) * PAGE;
      } catch { /* exited meanwhile */ }
    }
    return { tasks, rssBytes: rss };
  }

  /** The PID namespace bwrap made: that of its first child. */
  private namespace(): string | undefined {
    try {
      const child = readFileSync(`/proc/${this.pid}/task/${this.pid}/children`, 'utf8').trim().split(' ')[0];
      if (!child) return undefined;
      const ns = readlinkSync(`/proc/${child}/ns/pid`);
      return ns === readlinkSync('/proc/self/ns/pid') ? undefined : ns;
    } catch {
      return undefined;
    }
  }
}
