import { gitFailed } from './git-failure';
import { gitConfigArgs, gitEnv } from './git-env';
import type { GitOptions, GitWorkContext } from './git-options';
import { runGit, type GitResult, type GitRun } from './git-process';

/** Git in one checkout directory, with one environment, one stop signal and our `-c` settings. */
export class GitCommands {
  private readonly env: Record<string, string>;
  private readonly config: string[];

  constructor(
    readonly dir: string,
    readonly home: string,
    options: GitOptions,
    private readonly stop: AbortSignal,
    private readonly ctx: GitWorkContext,
  ) {
    this.env = gitEnv(options, home);
    this.config = gitConfigArgs(options);
  }

  /** The clone step's progress, 0–100. */
  readonly progress = (percent: number): void => this.ctx.progress?.(percent, { step: 'clone' });

  /** Paths of this host that never belong in a message. */
  get hidden(): string[] {
    return [this.dir, this.home];
  }

  run(args: string[], listeners: Pick<GitRun, 'onStderr' | 'onStdout'> = {}): Promise<GitResult> {
    const onChild = (pid: number): void => this.ctx.trackChild?.(pid);
    return runGit({ args: [...this.config, ...args], env: this.env, cwd: this.dir, stop: this.stop, onChild, ...listeners });
  }

  /** Runs a local step; its trimmed stdout, or git_failed with git's message. */
  async check(step: string, args: string[], listeners: Pick<GitRun, 'onStdout'> = {}): Promise<string> {
    const result = await this.run(args, listeners);
    if (result.code !== 0) throw gitFailed(step, result.stderr, this.hidden);
    return result.stdout.trim();
  }
}
