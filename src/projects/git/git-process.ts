import { spawn } from 'node:child_process';
import { killGroup } from '../../playbooks/runner/process-group';

export interface GitRun {
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Kills the whole group; the run then rejects with the signal's reason. */
  stop: AbortSignal;
  /** Called with the pid as soon as the child exists (WorkContext.trackChild). */
  onChild?(pid: number): void;
  /** Each stderr chunk as text; throwing stops the run with that error. */
  onStderr?(text: string): void;
  /** Each stdout chunk, instead of collecting it; throwing stops the run with that error. */
  onStdout?(chunk: Buffer): void;
}

export interface GitResult {
  code: number | null;
  stdout: string;
  /** The last STDERR_TAIL characters: enough for git's final message. */
  stderr: string;
}

const STDERR_TAIL = 16 * 1024;

/**
 * Runs git as the leader of its own process group (remote helpers, ssh, filters all join it), so
 * a stop kills everything at once; killing git alone would leave git-remote-https behind.
 */
export function runGit(run: GitRun): Promise<GitResult> {
  if (run.stop.aborted) return Promise.reject(run.stop.reason);
  return new Promise((resolve, reject) => {
    const child = spawn('git', run.args, { cwd: run.cwd, env: run.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('error', reject);
    if (child.pid === undefined) return;
    const group = new GitGroup(child.pid, run);
    child.stdout!.on('data', (chunk: Buffer) => group.stdout(chunk));
    child.stderr!.on('data', (chunk: Buffer) => group.stderr(chunk));
    child.once('exit', () => killGroup(group.pgid, 'SIGKILL')); // stragglers of the group
    child.once('close', (code) => group.settle(code, resolve, reject));
  });
}

/** One run's output and its first failure, which wins over whatever git says after being killed. */
class GitGroup {
  private failure: { error: unknown } | undefined;
  private readonly out: Buffer[] = [];
  private err = '';
  private readonly onStop = (): void => this.fail(this.run.stop.reason);

  constructor(readonly pgid: number, private readonly run: GitRun) {
    run.onChild?.(pgid);
    run.stop.addEventListener('abort', this.onStop, { once: true });
  }

  stdout(chunk: Buffer): void {
    if (this.run.onStdout) this.guard(() => this.run.onStdout!(chunk));
    else this.out.push(chunk);
  }

  stderr(chunk: Buffer): void {
    const text = chunk.toString();
    this.err = (this.err + text).slice(-STDERR_TAIL);
    if (this.run.onStderr) this.guard(() => this.run.onStderr!(text));
  }

  settle(code: number | null, resolve: (r: GitResult) => void, reject: (e: unknown) => void): void {
    this.run.stop.removeEventListener('abort', this.onStop);
    if (this.failure) reject(this.failure.error);
    else resolve({ code, stdout: Buffer.concat(this.out).toString(), stderr: this.err });
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    killGroup(this.pgid, 'SIGKILL');
  }
}
