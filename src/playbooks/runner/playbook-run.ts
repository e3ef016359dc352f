import { TaskError } from '../../executor/task-error';
import type { WorkContext } from '../../executor/work-context';
import { PLUGIN_DIR, runEnvironment } from './environment';
import { parseEvent, type RunEvent } from './events';
import { OutputTail } from './output';
import { runGroup } from './process-group';
import { sandboxed } from './sandbox';
import type { SandboxKind } from './test-run.types';
import type { Workspace } from './workspace';

export interface StepOutcome {
  code: number | null;
  output: string;
}

/**
 * One ansible-playbook invocation after another in the same workspace and sandbox, sharing one
 * output tail and one deadline. A step that is stopped (cancel or timeout) throws.
 */
export class PlaybookRun {
  readonly output = new OutputTail();
  private readonly timeout = new AbortController();
  private readonly stop: AbortSignal;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ws: Workspace,
    private readonly ansiblePlaybook: string,
    private readonly sandbox: SandboxKind,
    private readonly ctx: WorkContext,
    timeoutSeconds: number,
  ) {
    this.stop = AbortSignal.any([ctx.signal, this.timeout.signal]);
    this.timer = setTimeout(() => this.timeout.abort(), timeoutSeconds * 1000);
  }

  async step(args: string[], onEvent: (e: RunEvent) => void = () => undefined): Promise<StepOutcome> {
    this.throwIfStopped();
    const own = new OutputTail();
    const exit = await runGroup({
      argv: sandboxed(this.sandbox, this.ws.dir, [this.ansiblePlaybook, ...args], [PLUGIN_DIR]),
      env: runEnvironment(this.ws, this.ansiblePlaybook),
      cwd: this.ws.root,
      onChild: (pid) => this.ctx.trackChild(pid),
      onOutput: (chunk) => (this.output.push(chunk), own.push(chunk)),
      onEvent: (line) => { const e = parseEvent(line); if (e) onEvent(e); },
      stop: this.stop,
    }).catch((err: Error) => { throw new TaskError('runner_unavailable', `cannot start ansible-playbook: ${err.message}`); });
    this.throwIfStopped();
    return { code: exit.code, output: sandboxChecked(this.sandbox, own.text().text) };
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private throwIfStopped(): void {
    if (this.ctx.signal.aborted) throw abortError(this.ctx.signal);
    if (this.timeout.signal.aborted) throw new TaskError('timeout', 'the test run exceeded its time limit');
  }
}

/** bwrap reports its own failures as "bwrap: …" before anything runs: Relia's fault, not the playbook's. */
function sandboxChecked(sandbox: SandboxKind, output: string): string {
  if (sandbox === 'bwrap' && output.startsWith('bwrap: ')) {
    throw new TaskError('sandbox_error', `the sandbox could not start: ${output.split('\n')[0]}`);
  }
  return output;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The test run was canceled', 'AbortError');
}
