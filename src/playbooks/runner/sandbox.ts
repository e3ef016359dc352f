import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TaskError } from '../../executor/task-error';
import type { IdentityMode } from './limits/limits.types';
import type { SandboxKind } from './test-run.types';

/** The absolute path of an executable given as a path or a name looked up in PATH. */
export function findExecutable(nameOrPath: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = nameOrPath.includes('/') ? [nameOrPath] : path.split(delimiter).map((d) => join(d, nameOrPath));
  return candidates.find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let probed: boolean | undefined;

/** bwrap exists *and* can build a sandbox here (some containers forbid namespaces). Cached. */
export function sandboxAvailable(): boolean {
  const bwrap = findExecutable('bwrap');
  probed ??= !!bwrap && spawnSync(bwrap, [...isolation('/tmp'), 'true'], { timeout: 5000 }).status === 0;
  return probed;
}

/** RELIA_TEST_SANDBOX's default: bwrap when it works here, else none (the pod is the sandbox). */
export function defaultSandbox(): SandboxKind {
  return sandboxAvailable() ? 'bwrap' : 'none';
}

// Secrets a playbook could read and print (home directories, mounted Kubernetes/Docker secrets):
// hidden behind empty tmpfs mounts. Only existing paths: bwrap cannot create mount points in a
// read-only root.
const MASKED = ['/root', '/home', '/run/secrets', '/var/run/secrets'];

/** Where the workspace's files are visible, read-only, for the run to copy into its bounded tmpfs. */
export const SOURCE_DIR = '/tmp/.relia-source';
/** /dev/shm (POSIX semaphores, Python's multiprocessing) and the masks get small bounded tmpfs too. */
const SHM_BYTES = 16 * 1024 * 1024;
const MASK_BYTES = 64 * 1024;

/** What the limits add to the sandbox: bounded writable space, an unprivileged identity, more masks. */
export interface SandboxLimits {
  /** Size of the run's writable space: /tmp and the workspace (a tmpfs each when the workspace is not under /tmp). */
  diskBytes: number;
  identity: IdentityMode;
  /** The service's own paths (data dir, install dir), hidden like the secrets above. */
  masked: string[];
}

/**
 * bwrap's options: a read-only view of the system, the workspace the only writable place, no
 * network, own PID namespace (so killing bwrap ends every process inside), no capabilities.
 * --cap-drop ALL matters: started by root, bwrap keeps every capability, and the playbook could
 * simply remount / read-write. `readable` paths are mounted again, read-only, over the masks: the
 * service's own files (the callback plugin) may live under /tmp or /home, which the run must not
 * see otherwise.
 *
 * With `limits`, every writable place is a size-bounded tmpfs: the workspace is mounted read-only
 * at SOURCE_DIR and the command copies it into a tmpfs at the workspace's own path first (see
 * limits/launch.ts), so that paths stay the same and the disk limit holds for everything the run
 * writes. The run takes uid 65534 in a user namespace (`userns`) or keeps root with only
 * CAP_SETUID/CAP_SETGID to drop to the configured uid at once (`setuid`).
 */
function isolation(workspace: string, readable: string[] = [], limits?: SandboxLimits): string[] {
  const hidden = [...MASKED, ...(limits?.masked ?? [])];
  const masks = [...new Set(hidden)]
    .filter((p) => existsSync(p) && !workspace.startsWith(`${p}/`) && workspace !== p)
    .flatMap((p) => [...(limits ? ['--size', String(MASK_BYTES)] : []), '--tmpfs', p]);
  const bounded = limits ? ['--size', String(limits.diskBytes)] : [];
  const system = ['--ro-bind', '/', '/', '--dev', '/dev', ...(limits ? ['--perms', '1777', '--size', String(SHM_BYTES), '--tmpfs', '/dev/shm'] : []), '--proc', '/proc'];
  const tmp = [...(limits ? ['--perms', '1777'] : []), ...bounded, '--tmpfs', '/tmp'];
  const ws = !limits
    ? ['--bind', workspace, workspace]
    : ['--ro-bind', workspace, SOURCE_DIR, '--perms', '1777',
        ...(workspace.startsWith('/tmp/') ? ['--dir', workspace] : [...bounded, '--tmpfs', workspace])];
  const identity = limits?.identity === 'userns' ? ['--unshare-user', '--uid', '65534', '--gid', '65534'] : [];
  const caps = limits?.identity === 'setuid' ? ['--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID'] : [];
  return [
    ...system, ...tmp, ...masks,
    ...readable.flatMap((p) => ['--ro-bind', p, p]),
    ...ws, '--chdir', workspace,
    ...identity, '--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--cap-drop', 'ALL', ...caps,
    ...['--die-with-parent', '--new-session', '--'],
  ];
}

/** The argv that runs `command` in the chosen sandbox, `readable` paths visible in it. */
export function sandboxed(kind: SandboxKind, workspace: string, command: string[], readable: string[] = [], limits?: SandboxLimits): string[] {
  if (kind === 'none') return command;
  const bwrap = findExecutable('bwrap');
  if (!bwrap) throw new TaskError('sandbox_error', 'bwrap not found: apt-get install bubblewrap, or set RELIA_TEST_SANDBOX=none');
  return [bwrap, ...isolation(workspace, readable, limits), ...command];
}
