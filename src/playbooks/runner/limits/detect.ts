import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReliaConfig } from '../../../config/config';
import { StartupError } from '../../../common/startup-error';
import { findExecutable } from '../sandbox';
import type { SandboxKind } from '../test-run.types';
import { removeStaleRunCgroups } from './cgroup';
import type { CgroupParents, IdentityMode, LimitsMechanism, RunLimits } from './limits.types';

export type LimitSettings = ReliaConfig['test']['limits'];

const RUNS_DIR = 'relia-runs';
const V1_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;
const V1_REQUIRED = ['memory', 'pids'];

interface Mount { root: string; point: string; type: string; superOptions: string[] }

/** /proc/self/mountinfo's cgroup mounts. */
function cgroupMounts(mountinfo = readOr('/proc/self/mountinfo')): Mount[] {
  return mountinfo.split('\n').flatMap((line) => {
    const [left, right] = line.split(' - ');
    if (!right) return [];
    const f = left.split(' ');
    const [type, , superOptions = ''] = right.split(' ');
    if (type !== 'cgroup' && type !== 'cgroup2') return [];
    return [{ root: unescape(f[3]), point: unescape(f[4]), type, superOptions: superOptions.split(',') }];
  });
}

/** A process's cgroup path in a hierarchy, seen through a mount (which may show only part of it). */
function dirUnder(mount: Mount, path: string): string | undefined {
  if (mount.root !== '/' && !path.startsWith(mount.root)) return undefined;
  return join(mount.point, mount.root === '/' ? path : path.slice(mount.root.length));
}

/** Entries of /proc/self/cgroup: hierarchy controllers → path. */
function ownCgroups(text = readOr('/proc/self/cgroup')): Array<{ controllers: string[]; path: string }> {
  return text.split('\n').filter(Boolean).map((line) => {
    const [, controllers, ...path] = line.split(':');
    return { controllers: controllers ? controllers.split(',') : [], path: path.join(':') };
  });
}

/**
 * cgroup v2: a directory where Relia may create run cgroups with the memory and pids controllers
 * (cpu when available). `configured` (RELIA_TEST_CGROUP) is used as it is; otherwise the
 * service's own cgroup, if writable and offering the controllers: the service moves itself into
 * a leaf (`relia-service`) so that the controllers can be enabled below, as systemd's Delegate=
 * and a Kubernetes pod with a writable cgroup allow.
 */
export function detectCgroupV2(configured?: string): CgroupParents | undefined {
  let dir = configured;
  if (!dir) {
    const mount = cgroupMounts().find((m) => m.type === 'cgroup2');
    const own = ownCgroups().find((c) => c.controllers.length === 0 && c.path.startsWith('/'));
    if (!mount || !own) return undefined;
    dir = dirUnder(mount, own.path);
  }
  if (!dir || !existsSync(join(dir, 'cgroup.controllers'))) return undefined;
  const available = readOr(join(dir, 'cgroup.controllers')).split(/\s+/);
  if (!V1_REQUIRED.every((c) => available.includes(c)) || !writable(dir)) return undefined;
  const wanted = V1_CONTROLLERS.filter((c) => available.includes(c)).map((c) => `+${c}`).join(' ');
  try {
    if (!configured && readOr(join(dir, 'cgroup.procs')).trim() && !isRootCgroup(dir)) {
      // "No internal processes": a cgroup with processes cannot hand controllers to children.
      const leaf = join(dir, 'relia-service');
      mkdirSync(leaf, { recursive: true });
      for (const pid of readOr(join(dir, 'cgroup.procs')).split('\n').filter(Boolean)) {
        try { writeFileSync(join(leaf, 'cgroup.procs'), pid); } catch { /* exited, or a kernel thread */ }
      }
    }
    writeFileSync(join(dir, 'cgroup.subtree_control'), wanted);
    const runs = join(dir, RUNS_DIR);
    mkdirSync(runs, { recursive: true });
    writeFileSync(join(runs, 'cgroup.subtree_control'), wanted);
    const parents: CgroupParents = { version: 2, parents: { unified: runs } };
    return probe(parents) ? parents : undefined;
  } catch {
    return undefined;
  }
}

/** Only the root cgroup has no cgroup.type; it may hold processes and enable controllers. */
function isRootCgroup(dir: string): boolean {
  return !existsSync(join(dir, 'cgroup.type'));
}

/** cgroup v1: writable memory and pids hierarchies (cpu when writable too), one run directory in each. */
export function detectCgroupV1(): CgroupParents | undefined {
  const mounts = cgroupMounts().filter((m) => m.type === 'cgroup');
  const own = ownCgroups();
  const parents: Record<string, string> = {};
  for (const controller of V1_CONTROLLERS) {
    const mount = mounts.find((m) => m.superOptions.includes(controller));
    const path = own.find((c) => c.controllers.includes(controller))?.path;
    const dir = mount && path && dirUnder(mount, path);
    if (!dir || !writable(dir)) continue;
    try {
      mkdirSync(join(dir, RUNS_DIR), { recursive: true });
      parents[controller] = join(dir, RUNS_DIR);
    } catch { /* not ours to write */ }
  }
  if (!V1_REQUIRED.every((c) => parents[c])) return undefined;
  const found: CgroupParents = { version: 1, parents };
  return probe(found) ? found : undefined;
}

/** Creating, limiting and removing a child works (a read-only cgroupfs passes access() as root). */
function probe(parents: CgroupParents): boolean {
  const name = `probe-${process.pid}`;
  const made: string[] = [];
  try {
    for (const parent of Object.values(parents.parents)) {
      mkdirSync(join(parent, name));
      made.push(join(parent, name));
    }
    writeFileSync(join(parents.parents[parents.version === 2 ? 'unified' : 'pids'], name, 'pids.max'), '64');
    return true;
  } catch {
    return false;
  } finally {
    for (const dir of made) try { rmdirSync(dir); } catch { /* ignore */ }
  }
}

/**
 * How runs lose root: a user namespace where bwrap can make one as the unprivileged uid,
 * else (root only) bwrap as root dropping to `uid` inside with setpriv.
 */
export function detectIdentity(sandbox: SandboxKind, uid: number): IdentityMode {
  if (sandbox === 'none') return 'none';
  const bwrap = findExecutable('bwrap');
  if (!bwrap) return 'none';
  const root = process.getuid?.() === 0;
  const setpriv = findExecutable('setpriv');
  if (root && !setpriv) return 'none';
  const base = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--cap-drop', 'ALL', '--'];
  const drop = root ? [setpriv!, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--'] : [];
  const userns = [...drop, bwrap, '--unshare-user', '--uid', '65534', '--gid', '65534', ...base, 'true'];
  if (spawnSync(userns[0], userns.slice(1), { timeout: 5000 }).status === 0) return 'userns';
  if (!root) return 'none';
  const inside = [bwrap, ...base.slice(0, -3), '--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--',
    setpriv!, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'true'];
  return spawnSync(inside[0], inside.slice(1), { timeout: 5000 }).status === 0 ? 'setuid' : 'none';
}

const cache = new Map<string, RunLimits>();

/**
 * This replica's limits: the strongest mechanism the host offers (a writable cgroup v2 subtree,
 * then writable cgroup v1 hierarchies, then rlimits), unless RELIA_TEST_LIMITS names one.
 * Detected once per setting (at boot); `cgroup` asked for and not available stops the boot.
 */
export function detectLimits(settings: LimitSettings, sandbox: SandboxKind, masked: string[]): RunLimits {
  const key = JSON.stringify([settings, sandbox, masked]);
  const known = cache.get(key);
  if (known) return known;
  let mechanism: LimitsMechanism = 'rlimit';
  let cgroup: CgroupParents | undefined;
  if (settings.mechanism !== 'rlimit') {
    cgroup = detectCgroupV2(settings.cgroup) ?? (settings.cgroup ? undefined : detectCgroupV1());
    if (cgroup) mechanism = cgroup.version === 2 ? 'cgroup-v2' : 'cgroup-v1';
    else if (settings.mechanism === 'cgroup') {
      throw new StartupError(
        `RELIA_TEST_LIMITS=cgroup, but no cgroup is writable here${settings.cgroup ? ` (RELIA_TEST_CGROUP=${settings.cgroup})` : ''}: ` +
        'delegate one (systemd Delegate=yes, a writable pod cgroup) or set RELIA_TEST_LIMITS=auto',
      );
    }
  }
  if (cgroup) removeStaleRunCgroups(cgroup);
  const limits: RunLimits = {
    mechanism, ...(cgroup && { cgroup }),
    identity: detectIdentity(sandbox, settings.uid),
    uid: settings.uid,
    memoryMb: settings.memoryMb,
    processes: settings.processes,
    diskMb: settings.diskMb,
    cpuShare: settings.cpuShare,
    openFiles: settings.openFiles,
    masked,
  };
  cache.set(key, limits);
  return limits;
}

/** What /health/ready and the start-up log say about the limits in force. */
export function describeLimits(limits: RunLimits): Record<string, unknown> {
  return {
    mechanism: limits.mechanism,
    ...(limits.cgroup && { cgroup: Object.values(limits.cgroup.parents) }),
    identity: limits.identity,
    /** The run's uid as it sees itself, and as the host sees its processes. */
    uid: limits.identity === 'none' ? process.getuid?.() : limits.identity === 'userns' ? 65534 : limits.uid,
    host_uid: limits.identity !== 'none' && process.getuid?.() === 0 ? limits.uid : process.getuid?.(),
    memory_mb: limits.memoryMb,
    processes: limits.processes,
    disk_mb: limits.diskMb,
    cpu_share: limits.cpuShare,
    open_files: limits.openFiles,
  };
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function unescape(path: string): string {
  return path.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * The service's own directory (where its package.json is: the checkout, or /app in the image),
 * to hide from runs. Undefined when it is a system directory the run needs (a global install).
 */
export function installDir(from = __dirname): string | undefined {
  let dir = from;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) break;
    dir = dirname(dir);
  }
  const system = ['/', '/usr', '/usr/lib', '/usr/local', '/usr/local/lib', '/usr/share', '/opt', '/var', '/var/lib', '/srv', '/etc', '/tmp'];
  return dir === dirname(dir) || system.includes(dir) ? undefined : dir;
}

let active: { sandbox: SandboxKind; limits: RunLimits } | undefined;

/** Set by the test handler at boot: what /health/ready reports. */
export function setActiveLimits(sandbox: SandboxKind, limits: RunLimits): void {
  active = { sandbox, limits };
}

export function activeLimits(): { sandbox: SandboxKind; limits: RunLimits } | undefined {
  return active;
}
