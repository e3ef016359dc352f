import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TaskError } from '../../executor/task-error';
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

/**
 * bwrap's options: a read-only view of the system, the workspace the only writable place, no
 * network, own PID namespace (so killing bwrap ends every process inside), no capabilities.
 * --cap-drop ALL matters: started by root, bwrap keeps every capability, and the playbook could
 * simply remount / read-write. `readable` paths are mounted again, read-only, over the masks: the
 * service's own files (the callback plugin) may live under /tmp or /home, which the run must not
 * see otherwise.
 */
function isolation(workspace: string, readable: string[] = []): string[] {
  const masks = MASKED.filter((p) => existsSync(p) && !workspace.startsWith(p)).flatMap((p) => ['--tmpfs', p]);
  return [
    ...['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', ...masks],
    ...readable.flatMap((p) => ['--ro-bind', p, p]),
    ...['--bind', workspace, workspace, '--chdir', workspace],
    ...['--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--cap-drop', 'ALL'],
    ...['--die-with-parent', '--new-session', '--'],
  ];
}

/** The argv that runs `command` in the chosen sandbox, `readable` paths visible in it. */
export function sandboxed(kind: SandboxKind, workspace: string, command: string[], readable: string[] = []): string[] {
  if (kind === 'none') return command;
  const bwrap = findExecutable('bwrap');
  if (!bwrap) throw new TaskError('sandbox_error', 'bwrap not found: apt-get install bubblewrap, or set RELIA_TEST_SANDBOX=none');
  return [bwrap, ...isolation(workspace, readable), ...command];
}
