import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The command as a user runs it: `bin/relia.js` through node, in its own process. */
export const RELIA_BIN = join(__dirname, '..', '..', 'bin', 'relia.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * The environment a CLI test gives the command: none of the runner's RELIA_* settings, and its
 * own config directory (so a stored login is the test's own), plus `env`.
 */
export function cliEnv(configHome: string, env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RELIA_')));
  const merged: NodeJS.ProcessEnv = { ...base, XDG_CONFIG_HOME: configHome, NO_COLOR: '1', ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

/** A running CLI whose output the test can wait on. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the match once `pattern` appears on stdout or stderr (bounded). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  write(text: string): void;
  done: Promise<CliRun>;
}

/** Starts `command args` (default: the CLI) and collects its output; killed at the time limit. */
export function startCli(args: string[], options: CliOptions & { command?: string[] } = {}): CliProcess {
  const [cmd, ...pre] = options.command ?? [process.execPath, RELIA_BIN];
  const child = spawn(cmd, [...pre, ...args], { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: 'pipe' });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); listeners.forEach((l) => l()); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); listeners.forEach((l) => l()); });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    listeners.forEach((l) => l());
    resolve({ code, stdout: out, stderr: err });
  }));
  let exited = false;
  void done.then(() => (exited = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    write: (text) => child.stdin!.write(text),
    done,
    waitFor: (pattern, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = (): void => {
        const m = `${out}\n${err}`.match(pattern);
        if (m) finish(() => resolve(m));
        else if (exited) finish(() => reject(new Error(`exited without ${pattern}: stdout=${out} stderr=${err}`)));
      };
      const timeout = setTimeout(() => finish(() => reject(new Error(`no ${pattern} in ${timeoutMs} ms: stdout=${out} stderr=${err}`))), timeoutMs);
      const finish = (fn: () => void): void => { clearTimeout(timeout); listeners.delete(check); fn(); };
      listeners.add(check);
      void done.then(check);
      check();
    }),
  };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const cli = startCli(args, options);
  cli.child.stdin!.end();
  return cli.done;
}

/**
 * Runs the CLI on a pseudo-terminal with util-linux `script`, so it sees a TTY as a person's
 * terminal: both streams arrive merged on stdout, with whatever escape codes the CLI draws.
 */
export function startCliInTty(args: string[], options: CliOptions = {}): CliProcess {
  const line = [process.execPath, RELIA_BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return startCli([], { ...options, command: ['script', '-qfec', `stty cols 120; exec ${line}`, '/dev/null'] });
}

/** Writes `files` (path → content) under a new temporary directory named `name`. */
export function makeProject(name: string, files: Record<string, string>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'relia-cli-')), name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
