import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface GroupRun {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** Called with the pid as soon as the child exists (WorkContext.trackChild). */
  onChild(pid: number): void;
  /** Each stdout/stderr chunk, interleaved as it arrives. */
  onOutput(chunk: Buffer): void;
  /** Each line the callback plugin writes to fd 3. */
  onEvent(line: string): void;
  /** Stop the whole group when this fires (cancel or timeout). */
  stop: AbortSignal;
}

export interface GroupExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether the run was stopped by `stop` rather than ending by itself. */
  stopped: boolean;
}

/** SIGTERM lets ansible-playbook clean up; anything still alive after this gets SIGKILL. */
export const KILL_GRACE_MS = 1000;
const CLOSE_WAIT_MS = 2000;

/**
 * Runs a command as the leader of its own process group, so that every process it starts (forks,
 * modules, a shell's background jobs) can be ended at once: a worker thread's end does not end
 * its children. When the leader exits, stragglers in its group are killed too.
 */
export function runGroup(run: GroupRun): Promise<GroupExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.argv[0], run.argv.slice(1), {
      cwd: run.cwd,
      env: run.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    child.once('error', reject);
    if (child.pid === undefined) return;
    const pgid = child.pid;
    run.onChild(pgid);
    child.stdout!.on('data', run.onOutput);
    child.stderr!.on('data', run.onOutput);
    createInterface({ input: child.stdio[3] as Readable }).on('line', run.onEvent);
    const onStop = () => stopGroup(pgid);
    if (run.stop.aborted) onStop();
    else run.stop.addEventListener('abort', onStop, { once: true });
    child.once('exit', () => {
      killGroup(pgid, 'SIGKILL');
      // A process that left the group (setsid) may still hold our pipes; do not wait for it.
      setTimeout(() => child.stdio.forEach((s) => s?.destroy()), CLOSE_WAIT_MS).unref();
    });
    child.once('close', (code, signal) => {
      run.stop.removeEventListener('abort', onStop);
      resolve({ code, signal, stopped: run.stop.aborted });
    });
  });
}

function stopGroup(pgid: number): void {
  if (killGroup(pgid, 'SIGTERM')) setTimeout(() => killGroup(pgid, 'SIGKILL'), KILL_GRACE_MS).unref();
}

/** Signals every process of the group; false once the group is gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
