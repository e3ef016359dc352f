import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskError } from '../../executor/task-error';
import { WorkContext } from '../../executor/work-context';
import { LintFinding, LintOptions, LintResult } from './lint.types';
import { MAX_FINDINGS } from './lint-engine';
import { ruleUrl } from './rule-options';

/** ansible-lint takes ~3 s per playbook (median over the corpus) and 15 s at worst there. */
const TIMEOUT_MS = 120_000;

interface CodeClimate { check_name: string; description: string; level?: string; location: { path?: string; lines?: { begin: number }; positions?: { begin: { line: number; column?: number } } } }

export type DirectoryLintResult = Omit<LintResult, 'findings'> & { findings: (LintFinding & { path: string })[] };

/** ansible-lint's exit codes when it linted: 0 passed, 2 found violations. Others mean it could not. */
const LINTED = new Set([0, 2]);

/** Runs the installed ansible-lint on one playbook, alone in a fresh directory. */
export async function runAnsibleLint(content: string, options: LintOptions, ctx: WorkContext, binary = 'ansible-lint'): Promise<LintResult> {
  const dir = await mkdtemp(join(tmpdir(), 'relia-lint-'));
  try {
    // "playbook" in the name makes ansible-lint treat the file as a playbook whatever its content.
    await writeFile(join(dir, 'playbook.yml'), content);
    const result = await lintDirectory(dir, ['playbook.yml'], options, ctx, binary);
    // A single playbook's findings have no path, as before projects.
    return { ...result, findings: result.findings.map(({ path: _path, ...finding }) => finding) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs ansible-lint in `dir` (on `targets`, or on everything there, as at a project's root).
 * Findings keep ansible-lint's `path`, relative to `dir`.
 */
export async function lintDirectory(dir: string, targets: string[], options: LintOptions, ctx: WorkContext,
  binary = 'ansible-lint'): Promise<DirectoryLintResult> {
  const { code, stdout, stderr } = await spawnLint(binary, dir, [...optionArgs(options), ...targets], ctx);
  if (!LINTED.has(code ?? -1)) {
    throw new TaskError('lint_failed', `ansible-lint could not lint (exit ${code}): ${lastLine(stderr)}`);
  }
  return toResult(JSON.parse(stdout || '[]') as CodeClimate[], options);
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((l) => !/^\s*$/.test(l)).slice(-1)[0]?.slice(0, 500) ?? 'no output';
}

function optionArgs(options: LintOptions): string[] {
  return [
    ...(options.profile ? ['--profile', options.profile] : []),
    ...(options.skip_list ?? []).flatMap((id) => ['-x', id]),
    ...(options.warn_list ?? []).flatMap((id) => ['-w', id]),
  ];
}

function spawnLint(binary: string, dir: string, extra: string[], ctx: WorkContext): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Built from nothing: the service's own settings and secrets (DATABASE_URL, tokens) stay out.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: dir, XDG_CACHE_HOME: join(dir, '.cache'), NO_COLOR: '1' };
  const child = spawn(binary, ['--offline', '--nocolor', '-f', 'codeclimate', ...extra], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Only its end is kept: the summary or the reason it stopped.
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
    const kill = () => killGroup(child.pid);
    const timer = setTimeout(() => { kill(); reject(new TaskError('runner_timeout', `ansible-lint did not finish within ${TIMEOUT_MS / 1000} s`, true)); }, TIMEOUT_MS);
    ctx.signal.addEventListener('abort', kill, { once: true });
    child.on('spawn', () => ctx.trackChild(child.pid!));
    child.on('error', (error: NodeJS.ErrnoException) => { clearTimeout(timer); reject(spawnError(error, binary)); });
    child.on('close', (code) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', kill);
      // Killed by a cancel or timeout: its output is partial, so the run did not happen.
      if (ctx.signal.aborted) reject(ctx.signal.reason);
      else resolve({ code, stdout, stderr });
    });
  });
}

function spawnError(error: NodeJS.ErrnoException, binary: string): Error {
  if (error.code !== 'ENOENT') return error;
  return new TaskError('runner_unavailable', `ansible-lint not found (${binary}); install with: apt-get install ansible-lint`);
}

/** The whole process group: ansible-lint starts ansible-playbook children of its own. */
function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function toResult(report: CodeClimate[], options: LintOptions): DirectoryLintResult {
  const findings = report.map(toFinding).sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
  const by_rule: Record<string, number> = {};
  for (const f of findings) by_rule[f.rule] = (by_rule[f.rule] ?? 0) + 1;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    engine: 'ansible-lint',
    passed: errors === 0,
    profile: options.profile ?? 'default',
    rules: [],
    summary: { errors, warnings: findings.length - errors, by_rule },
    findings: findings.slice(0, MAX_FINDINGS),
    truncated: findings.length > MAX_FINDINGS,
  };
}

function toFinding(item: CodeClimate): LintFinding & { path: string } {
  const begin = item.location.positions?.begin;
  return {
    path: item.location.path ?? 'playbook.yml',
    rule: item.check_name,
    message: item.description,
    severity: item.level === 'warning' ? 'warning' : 'error',
    line: item.location.lines?.begin ?? begin?.line ?? 1,
    column: begin?.column ?? 1,
    url: ruleUrl(item.check_name),
  };
}
