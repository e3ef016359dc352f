import { chown, lchown, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TaskError } from '../../executor/task-error';
import type { WorkContext } from '../../executor/work-context';
import { runEnvironment } from './environment';
import { runPluginDir } from './plugin-dir';
import { parseEvent, type RunEvent } from './events';
import { RunCgroup } from './limits/cgroup';
import { LAUNCH_ERROR, limitedArgv } from './limits/launch';
import type { LimitHit, LimitKind, RunLimits } from './limits/limits.types';
import { LimitWatch, symptomOf } from './limits/watch';
import { OutputTail } from './output';
import { runGroup } from './process-group';
import { sandboxed } from './sandbox';
import type { SandboxKind } from './test-run.types';
import type { Workspace } from './workspace';

export interface StepOutcome {
  code: number | null;
  output: string;
}

/** How often a running step's cgroup counters (or, with rlimits, its processes) are read. */
export const WATCH_INTERVAL_MS = 250;

/** A run stopped at one of its limits (time included): the test's result says so, with passed: false. */
export class LimitReached extends TaskError {
  constructor(readonly hit: LimitHit) {
    super(hit.limit === 'time' ? 'timeout' : 'limit_exceeded', hit.message);
  }
}

type StepName = LimitHit['step'];

/**
 * One ansible-playbook invocation after another in the same workspace and sandbox, sharing one
 * output tail, one deadline and (with limits) one cgroup. A step that is stopped (cancel,
 * timeout, a limit) throws; a limit or the timeout as LimitReached.
 */
export class PlaybookRun {
  readonly output = new OutputTail();
  private readonly timeout = new AbortController();
  private readonly limited = new AbortController();
  private readonly stop: AbortSignal;
  private readonly timer: NodeJS.Timeout;
  private cgroup: RunCgroup | undefined;
  private watch: LimitWatch | undefined;
  private prepared = false;
  private hit: LimitHit | undefined;
  private current: { step: StepName; play: string | null; task: string | null; host: string | null; done: boolean } =
    { step: 'syntax-check', play: null, task: null, host: null, done: false };

  constructor(
    private readonly ws: Workspace,
    private readonly ansiblePlaybook: string,
    private readonly sandbox: SandboxKind,
    private readonly ctx: WorkContext,
    private readonly timeoutSeconds: number,
    private readonly limits?: RunLimits,
  ) {
    this.stop = AbortSignal.any([ctx.signal, this.timeout.signal, this.limited.signal]);
    this.timer = setTimeout(() => this.timeout.abort(), timeoutSeconds * 1000);
  }

  async step(args: string[], onEvent: (e: RunEvent) => void = () => undefined): Promise<StepOutcome> {
    this.throwIfStopped();
    await this.prepare();
    this.current = { step: stepOf(args), play: null, task: null, host: null, done: false };
    const own = new OutputTail();
    const command = [this.ansiblePlaybook, ...args];
    const readable = [runPluginDir(), ...this.installOf()];
    const argv = this.limits
      ? limitedArgv({ kind: this.sandbox, workspace: this.ws.dir, command, readable, limits: this.limits, cgroupProcs: this.cgroup?.procsFiles ?? [] })
      : sandboxed(this.sandbox, this.ws.dir, command, readable);
    let ticker: NodeJS.Timeout | undefined;
    const exit = await runGroup({
      argv,
      env: runEnvironment(this.ws, this.ansiblePlaybook),
      cwd: this.ws.root,
      onChild: (pid) => {
        this.ctx.trackChild(pid);
        if (this.watch) {
          this.watch.attach(pid, this.sandbox);
          ticker = setInterval(() => this.checkLimits(), WATCH_INTERVAL_MS);
        }
      },
      onOutput: (chunk) => (this.output.push(chunk), own.push(chunk)),
      onEvent: (line) => { const e = parseEvent(line); if (e) { this.follow(e); onEvent(e); } },
      stop: this.stop,
    }).catch((err: Error) => { throw new TaskError('runner_unavailable', `cannot start ansible-playbook: ${err.message}`); })
      .finally(() => clearInterval(ticker));
    const output = own.text().text;
    if (this.limits && !this.hit && !this.stop.aborted) {
      this.checkLimits();
      const symptom = exit.code !== 0 ? symptomOf(output) : undefined;
      if (!this.hit && symptom) this.limitHit(symptom, `the run failed for want of ${symptom === 'processes' ? 'processes' : symptom}`, false);
    }
    this.throwIfStopped();
    return { code: exit.code, output: launchChecked(sandboxChecked(this.sandbox, output)) };
  }

  async dispose(): Promise<void> {
    clearTimeout(this.timer);
    await this.cgroup?.destroy();
  }

  /** Once per run: the cgroup, and the workspace handed to the uid the run takes. */
  private async prepare(): Promise<void> {
    if (this.prepared || !this.limits) return;
    this.prepared = true;
    if (this.limits.cgroup) {
      try {
        this.cgroup = RunCgroup.create(this.limits.cgroup, this.limits);
      } catch (err) {
        throw new TaskError('sandbox_error', `cannot create the run's cgroup: ${(err as Error).message}`);
      }
    }
    this.watch = new LimitWatch(this.limits, this.cgroup);
    if (this.sandbox === 'bwrap' && process.getuid?.() === 0 && this.limits.identity !== 'none') {
      await chownTree(this.ws.dir, this.limits.uid).catch((err: Error) => {
        throw new TaskError('workspace_error', `cannot hand the workspace to uid ${this.limits!.uid}: ${err.message}`);
      });
    }
  }

  /** An ansible-playbook installed under a masked path (a virtualenv in the service's directory) stays visible. */
  private installOf(): string[] {
    const masked = this.limits?.masked ?? [];
    const prefix = dirname(dirname(this.ansiblePlaybook));
    return masked.some((m) => prefix === m || prefix.startsWith(`${m}/`)) ? [prefix] : [];
  }

  /** The task running now, for a limit's report; a failed task whose message shows a limit is one. */
  private follow(e: RunEvent): void {
    if (e.event === 'play_start') Object.assign(this.current, { play: e.play });
    if (e.event === 'task_start') Object.assign(this.current, { play: e.play, task: e.task, host: null, done: false });
    if (e.event === 'runner_start') Object.assign(this.current, { task: e.task, host: e.host, done: false });
    if (e.event === 'task_result') {
      Object.assign(this.current, { play: e.play, task: e.task, host: e.host, done: true });
      if (!this.limits || this.hit) return;
      this.checkLimits(false);
      // Failed, or changed: a shell whose forks were refused may still exit 0 (not "ok": a debug message is only text).
      const symptom = (e.status === 'failed' || e.status === 'changed') && e.message ? symptomOf(e.message) : undefined;
      if (!this.hit && symptom) this.limitHit(symptom, `task "${e.task}" on ${e.host}: ${e.message!.slice(0, 200)}`, false);
    }
  }

  private checkLimits(running = true): void {
    if (this.hit) return;
    const found = this.watch?.check();
    if (found) this.limitHit(found.limit, found.message, running);
  }

  /** Records the first limit hit, with the task that was running, and stops the run. */
  private limitHit(limit: LimitKind, message: string, running: boolean): void {
    if (this.hit) return;
    this.hit = { limit, ...this.where(message, running) };
    this.limited.abort();
  }

  private where(message: string, running: boolean): Omit<LimitHit, 'limit'> {
    const c = this.current;
    const step = c.step;
    if (step === 'syntax-check') return { step, task: null, play: null, host: null, message: `${message} (during the syntax check: no task was running)` };
    if (!c.task) return { step, task: null, play: c.play, host: null, message: `${message} (Relia cannot tell which task: none had started)` };
    if (c.done && running) {
      return { step, task: null, play: c.play, host: c.host, message: `${message} (Relia cannot tell which task: "${c.task}" had ended, the next had not started)` };
    }
    return { step, task: c.task, play: c.play, host: c.host, message };
  }

  private throwIfStopped(): void {
    if (this.ctx.signal.aborted) throw abortError(this.ctx.signal);
    if (this.hit) throw new LimitReached(this.hit);
    if (this.timeout.signal.aborted) {
      this.hit = { limit: 'time', ...this.where(`the test run exceeded its time limit of ${this.timeoutSeconds} s`, true) };
      throw new LimitReached(this.hit);
    }
  }
}

function stepOf(args: string[]): StepName {
  if (args.includes('--syntax-check')) return 'syntax-check';
  return args.includes('--check') ? 'check' : 'run';
}

/** bwrap reports its own failures as "bwrap: …" before anything runs: Relia's fault, not the playbook's. */
function sandboxChecked(sandbox: SandboxKind, output: string): string {
  if (sandbox === 'bwrap' && output.startsWith('bwrap: ')) {
    throw new TaskError('sandbox_error', `the sandbox could not start: ${output.split('\n')[0]}`);
  }
  return output;
}

/** The limits' wrappers report theirs as "relia-limits: …". */
function launchChecked(output: string): string {
  if (output.startsWith(LAUNCH_ERROR)) throw new TaskError('sandbox_error', `the run's limits could not be applied: ${output.split('\n')[0]}`);
  return output;
}

async function chownTree(dir: string, uid: number): Promise<void> {
  await chown(dir, uid, uid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, uid);
    else await lchown(path, uid, uid);
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The test run was canceled', 'AbortError');
}
