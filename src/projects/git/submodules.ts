import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FetchStop } from './fetch-stop';
import { FetchWatch } from './fetch-watch';
import type { GitCommands } from './git-commands';
import { gitFailed } from './git-failure';
import type { GitOptions } from './git-options';
import { checkGitUrl } from './git-url-policy';

/**
 * Checks out the submodules of a checkout (one level, depth 1) when RELIA_GIT_SUBMODULES allows
 * it. Every submodule URL — relative ones resolved against the source's URL — passes the same
 * policy as the source itself before git fetches anything.
 */
export async function checkoutSubmodules(git: GitCommands, url: string, options: GitOptions, stop: FetchStop): Promise<void> {
  if (!existsSync(join(git.dir, '.gitmodules'))) return;
  await git.check('git config', ['config', 'remote.origin.url', url]); // what relative URLs resolve against
  await git.check('git submodule init', ['submodule', 'init']);
  for (const submoduleUrl of await submoduleUrls(git)) checkGitUrl(submoduleUrl, options);
  // Their objects count against the limit while they arrive; their files, in the walk after.
  const watch = new FetchWatch(join(git.dir, '.git', 'modules'), options.limits.maxUnpackedBytes, (e) => stop.abort(e), () => undefined);
  try {
    const result = await git.run(['submodule', 'update', '--depth', '1', '--no-recommend-shallow', '--progress'], { onStderr: (t) => watch.stderr(t) });
    if (result.code !== 0) throw gitFailed('git submodule update', result.stderr, git.hidden);
  } finally {
    watch.dispose();
  }
}

/** The URLs `submodule init` wrote to .git/config, relative ones already resolved. */
async function submoduleUrls(git: GitCommands): Promise<string[]> {
  const result = await git.run(['config', '--local', '-z', '--get-regexp', '^submodule\\..*\\.url$']);
  // -z: `key\nvalue\0`, as a submodule's name may hold spaces.
  return result.stdout.split('\0').filter((r) => r !== '').map((record) => record.slice(record.indexOf('\n') + 1));
}
