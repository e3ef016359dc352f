import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { WorkContext } from '../../executor/work-context';
import { lintDirectory, type DirectoryLintResult } from '../../playbooks/lint/ansible-lint.engine';
import type { LintOptions } from '../../playbooks/lint/lint.types';
import { resolveLinkTarget } from '../intake/entry-path';
import { materializeRevision, revisionFiles, type StoredFile } from '../store/revision-reader';
import { SYMLINK_MODE } from '../intake/tree-entry';
import { withWorkerClient } from '../store/worker-client';
import { DEFAULT_KINDS, kindOf } from './kinds';
import { lintProject, type FileReport, type ProjectFile, type ProjectLintResult } from './project-lint';
import type { RevisionLintInput } from './revision-lint.types';

/** Files above this are not linted (ansible-lint would take minutes on them too). */
const MAX_LINT_BYTES = 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The built-in engine on a stored revision: the files come straight from PostgreSQL. */
export async function lintRevision(input: RevisionLintInput, options: LintOptions, ctx: WorkContext): Promise<ProjectLintResult> {
  ctx.progress(0, { step: 'load' });
  const stored = await withWorkerClient(input.databaseUrl, (db) => revisionFiles(db, input.revisionId, MAX_LINT_BYTES));
  ctx.progress(30, { step: 'lint', files: stored.length });
  return lintProject(stored.map(toProjectFile), { projectName: input.projectName, ...options }, input.previous);
}

/** ansible-lint itself on the revision's tree, written out under the project's name and committed as it expects. */
export async function lintRevisionWithAnsibleLint(input: RevisionLintInput, options: LintOptions, ctx: WorkContext,
  binary?: string): Promise<DirectoryLintResult> {
  const parent = await mkdtemp(join(tmpdir(), 'relia-lint-'));
  const dir = join(parent, input.projectName);
  try {
    await mkdir(dir);
    await withWorkerClient(input.databaseUrl, (db) => materializeRevision(db, input.revisionId, dir));
    await gitSnapshot(dir);
    return withFileCounts(await lintDirectory(dir, [], options, ctx, binary));
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}

/** ansible-lint lists findings only: the files it reported on, with their kind (by the default globs) and counts. */
function withFileCounts(result: DirectoryLintResult): DirectoryLintResult & { files: Omit<FileReport, 'cached' | 'key'>[] } {
  const files = new Map<string, Omit<FileReport, 'cached' | 'key'>>();
  for (const f of result.findings) {
    const file = files.get(f.path) ?? { path: f.path, kind: kindOf(f.path, DEFAULT_KINDS) ?? 'unknown', errors: 0, warnings: 0 };
    file[f.severity === 'error' ? 'errors' : 'warnings']++;
    files.set(f.path, file);
  }
  return { ...result, files: [...files.values()] };
}

function toProjectFile(file: StoredFile): ProjectFile {
  if (file.mode === SYMLINK_MODE) {
    return { path: file.path, sha256: file.sha256, symlinkTarget: resolveLinkTarget(file.path, file.linkTarget!) };
  }
  return { path: file.path, sha256: file.sha256, text: file.data ? decode(file.data) : undefined };
}

function decode(data: Buffer): string | undefined {
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

const run = promisify(execFile);

/** ansible-lint lists the files to lint with git; a commit of everything makes it see the whole tree. */
async function gitSnapshot(dir: string): Promise<void> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = (...args: string[]) => run('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, env });
  await git('init', '-q');
  await git('add', '-A', '-f');
  await git('-c', 'user.email=relia@localhost', '-c', 'user.name=relia', 'commit', '-qm', 'revision', '--allow-empty');
}
