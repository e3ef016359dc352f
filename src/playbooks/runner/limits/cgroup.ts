import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupParents, LimitKind, RunLimits } from './limits.types';

const MiB = 1024 * 1024;
/** cgroup CPU accounting period: 100 ms, the kernel's default. */
const CPU_PERIOD_US = 100_000;
/** A run's CPU weight against the service's default 100 (v2) / 1024 (v1): when both want the CPU, the API wins 2:1. */
const CPU_WEIGHT_V2 = 50;
const CPU_SHARES_V1 = 512;
const EMPTY_WAIT_MS = 3000;

let counter = 0;

/**
 * One run's cgroup: created before the run, joined by the run's first process (so every process
 * after it is inside), read for limit events while it runs, emptied and removed afterwards.
 * v2: one directory with memory.max, pids.max, cpu.max/cpu.weight. v1: one directory per
 * hierarchy (memory, pids, cpu).
 */
export class RunCgroup {
  private constructor(
    private readonly version: 1 | 2,
    /** controller (v1) or 'unified' (v2) → this run's directory. */
    private readonly dirs: Record<string, string>,
    private readonly baseline: Record<'memory' | 'processes', number>,
  ) {}

  static create(parents: CgroupParents, limits: Pick<RunLimits, 'memoryMb' | 'processes' | 'cpuShare'>): RunCgroup {
    const name = `${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;
    const dirs: Record<string, string> = {};
    try {
      for (const [controller, parent] of Object.entries(parents.parents)) {
        dirs[controller] = join(parent, name);
        mkdirSync(dirs[controller]);
      }
      const memory = String(limits.memoryMb * MiB);
      const quota = String(Math.max(1000, Math.round(limits.cpuShare * CPU_PERIOD_US)));
      if (parents.version === 2) {
        const dir = dirs.unified;
        writeFileSync(join(dir, 'memory.max'), memory);
        tryWrite(join(dir, 'memory.swap.max'), '0');
        writeFileSync(join(dir, 'pids.max'), String(limits.processes));
        tryWrite(join(dir, 'cpu.max'), `${quota} ${CPU_PERIOD_US}`);
        tryWrite(join(dir, 'cpu.weight'), String(CPU_WEIGHT_V2));
      } else {
        writeFileSync(join(dirs.memory, 'memory.limit_in_bytes'), memory);
        tryWrite(join(dirs.memory, 'memory.memsw.limit_in_bytes'), memory); // no swapping past the limit
        writeFileSync(join(dirs.pids, 'pids.max'), String(limits.processes));
        if (dirs.cpu) {
          tryWrite(join(dirs.cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
          tryWrite(join(dirs.cpu, 'cpu.cfs_quota_us'), quota);
          tryWrite(join(dirs.cpu, 'cpu.shares'), String(CPU_SHARES_V1));
        }
      }
    } catch (err) {
      for (const dir of Object.values(dirs)) tryRmdir(dir);
      throw err;
    }
    const cg = new RunCgroup(parents.version, dirs, { memory: 0, processes: 0 });
    Object.assign(cg.baseline, cg.counters());
    return cg;
  }

  /** The cgroup.procs files the run's first process writes its pid to. */
  get procsFiles(): string[] {
    return Object.values(this.dirs).map((d) => join(d, 'cgroup.procs'));
  }

  /** A limit the kernel enforced since the run began: an OOM kill, or a fork refused at pids.max. */
  hit(): Extract<LimitKind, 'memory' | 'processes'> | undefined {
    const now = this.counters();
    if (now.memory > this.baseline.memory) return 'memory';
    if (now.processes > this.baseline.processes) return 'processes';
    return undefined;
  }

  /** Kills whatever is left in the cgroup, waits (bounded) for it to be empty, removes it. */
  async destroy(): Promise<void> {
    const deadline = Date.now() + EMPTY_WAIT_MS;
    for (;;) {
      const pids = this.members();
      if (pids.length === 0) break;
      if (this.version === 2) tryWrite(join(this.dirs.unified, 'cgroup.kill'), '1');
      for (const pid of pids) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ }
      }
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const dir of Object.values(this.dirs)) tryRmdir(dir);
  }

  private members(): number[] {
    const pids = new Set<number>();
    for (const file of this.procsFiles) {
      for (const line of readOr(file, '').split('\n')) if (line) pids.add(Number(line));
    }
    return [...pids];
  }

  private counters(): Record<'memory' | 'processes', number> {
    if (this.version === 2) {
      return { memory: field(join(this.dirs.unified, 'memory.events'), 'oom_kill'), processes: field(join(this.dirs.unified, 'pids.events'), 'max') };
    }
    return { memory: field(join(this.dirs.memory, 'memory.oom_control'), 'oom_kill'), processes: field(join(this.dirs.pids, 'pids.events'), 'max') };
  }
}

/** Removes run cgroups a dead replica left (their names start with its pid): empty ones only, rmdir refuses others. */
export function removeStaleRunCgroups(parents: CgroupParents): void {
  for (const parent of Object.values(parents.parents)) {
    let names: string[] = [];
    try {
      names = readdirSync(parent, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && !existsSync(`/proc/${pid}`)) tryRmdir(join(parent, name));
    }
  }
}

/** `key N` from a flat-keyed cgroup file; 0 when the file or the key is missing. */
function field(file: string, key: string): number {
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(readOr(file, ''));
  return match ? Number(match[1]) : 0;
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

function tryRmdir(dir: string): void {
  try { rmdirSync(dir); } catch { /* busy or gone */ }
}
