import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchFailure } from './git-failure';
import { GitCommands } from './git-commands';
import type { GitOptions, GitWorkContext } from './git-options';
import { checkGitRef, checkGitUrl } from './git-url-policy';
import { checkoutSubmodules } from './submodules';
import { FetchStop } from './fetch-stop';
import { FetchWatch } from './fetch-watch';
import { TreeBudget } from './tree-budget';

export interface GitSource {
  url: string;
  /** A branch, a tag, or a full commit sha. */
  ref: string;
}

export interface FetchedRevision {
  /** The checkout (with its `.git`); the caller owns it and removes it. */
  dir: string;
  commit: string;
  subject: string;
}

/** `^{commit}`: a tag is peeled to its commit; a tag of a tree or a blob is refused. */
const FETCHED = 'FETCH_HEAD^{commit}';

/**
 * Fetches exactly one revision (depth 1) of a git source into a new directory and checks it out.
 * Protocol v2 lets a full commit sha be fetched like a branch or a tag, with no server setting.
 * On any failure, cancel or timeout the directory is gone and git's whole process group with it.
 */
export async function fetchRevision(source: GitSource, options: GitOptions, ctx: GitWorkContext): Promise<FetchedRevision> {
  checkGitUrl(source.url, options);
  checkGitRef(source.ref);
  const base = options.tempDir ?? tmpdir();
  const home = await mkdtemp(join(base, 'relia-git-home-'));
  const dir = await mkdtemp(join(base, 'relia-git-'));
  const stop = new FetchStop(ctx.signal, options.timeoutSeconds);
  try {
    const git = new GitCommands(dir, home, options, stop.signal, ctx);
    return { dir, ...(await fetchAndCheckout(git, source, options, stop)) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    stop.dispose();
    await rm(home, { recursive: true, force: true });
  }
}

type Revision = Omit<FetchedRevision, 'dir'>;

async function fetchAndCheckout(git: GitCommands, source: GitSource, options: GitOptions, stop: FetchStop): Promise<Revision> {
  await git.check('git init', ['init', '-q', '--template=', '.']);
  await fetchRef(git, source, options, stop);
  const budget = new TreeBudget(options.limits);
  await git.check('git ls-tree', ['ls-tree', '-r', '-l', '-z', '--full-tree', FETCHED], { onStdout: (chunk) => budget.push(chunk) });
  await git.check('git checkout', ['checkout', '-q', '--detach', '--no-recurse-submodules', FETCHED]);
  if (options.submodules) await checkoutSubmodules(git, source.url, options, stop);
  git.progress(100);
  const commit = await git.check('git rev-parse', ['rev-parse', 'HEAD']);
  return { commit, subject: await git.check('git log', ['log', '-1', '--format=%s', 'HEAD']) };
}

async function fetchRef(git: GitCommands, source: GitSource, options: GitOptions, stop: FetchStop): Promise<void> {
  const watch = new FetchWatch(git.dir, options.limits.maxUnpackedBytes, (error) => stop.abort(error), git.progress);
  try {
    const args = ['fetch', '--depth', '1', '--no-tags', '--no-recurse-submodules', '--progress', '--end-of-options', source.url, source.ref];
    const result = await git.run(args, { onStderr: (text) => watch.stderr(text) });
    if (result.code !== 0) throw fetchFailure(result.stderr, source.ref, git.hidden);
  } finally {
    watch.dispose();
  }
}
