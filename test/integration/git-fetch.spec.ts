import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeError } from '../../src/projects/intake/intake-error';
import type { TreeEntry } from '../../src/projects/intake/tree-entry';
import { fetchRevision, type GitSource } from '../../src/projects/git/git-fetch';
import type { GitOptions } from '../../src/projects/git/git-options';
import { walkTree } from '../../src/projects/git/tree-walker';
import { createFileRepo, livingProcesses, startGitServer, type BareRepo, type GitServer } from '../support/git-server';

const LIMITS = { maxFiles: 1000, maxUnpackedBytes: 8 * 1024 * 1024, maxCompressedBytes: 8 * 1024 * 1024 };

/** What fetchRevision told the task: progress and the children it started. */
class Seen {
  progress: Array<[number, Record<string, unknown> | undefined]> = [];
  pids: number[] = [];
  readonly controller = new AbortController();
  readonly ctx = {
    signal: this.controller.signal,
    progress: (pct: number, details?: Record<string, unknown>) => this.progress.push([pct, details]),
    trackChild: (pid: number) => this.pids.push(pid),
  };
}

async function failure(promise: Promise<unknown>): Promise<IntakeError> {
  try {
    await promise;
  } catch (err) {
    return err as IntakeError;
  }
  throw new Error('expected the fetch to fail');
}

async function entriesOf(dir: string, limits = LIMITS): Promise<Array<Omit<TreeEntry, 'content'> & { text?: string }>> {
  const out = [];
  for await (const entry of walkTree(dir, limits)) {
    if (entry.kind !== 'file') out.push(entry);
    else {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.content) chunks.push(chunk as Buffer);
      out.push({ kind: entry.kind, path: entry.path, mode: entry.mode, text: Buffer.concat(chunks).toString() });
    }
  }
  return out;
}

describe('fetchRevision against a real git server', () => {
  let server: GitServer;
  let repo: BareRepo;
  let scratch: string;
  const options = (more: Partial<GitOptions> = {}): GitOptions => ({
    allowFileUrls: false,
    allowedHosts: [],
    timeoutSeconds: 20,
    limits: LIMITS,
    caFile: server.caFile,
    tempDir: scratch,
    ...more,
  });
  const fetch = (ref: string, seen = new Seen(), more: Partial<GitOptions> = {}, url = server.url('roles')) =>
    fetchRevision({ url, ref }, options(more), seen.ctx);

  beforeAll(async () => {
    server = await startGitServer();
    repo = server.createRepo('roles');
    repo.commit({
      'site.yml': '- hosts: all\n',
      'roles/web/tasks/main.yml': '- debug: msg=hi\n',
      'bin/run.sh': { content: '#!/bin/sh\n', executable: true },
      'roles/web/vars': { symlink: '../../site.yml' },
    }, 'Initial roles');
  });
  beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), 'relia-git-spec-'))));
  afterEach(() => {
    server.behaviour.stall = false;
    rmSync(scratch, { recursive: true, force: true });
  });
  afterAll(() => server.close());

  it('fetches a branch: its checkout, commit, subject and progress, and nothing else is left', async () => {
    const seen = new Seen();
    const revision = await fetch('main', seen);
    expect(revision.commit).toBe(repo.head());
    expect(revision.subject).toBe('Initial roles');
    expect(readdirSync(scratch)).toEqual([revision.dir.slice(scratch.length + 1)]);
    expect(await entriesOf(revision.dir)).toEqual([
      { kind: 'file', path: 'bin/run.sh', mode: 0o755, text: '#!/bin/sh\n' },
      { kind: 'file', path: 'roles/web/tasks/main.yml', mode: 0o644, text: '- debug: msg=hi\n' },
      { kind: 'symlink', path: 'roles/web/vars', mode: 0o777, target: '../../site.yml', resolved: 'site.yml' },
      { kind: 'file', path: 'site.yml', mode: 0o644, text: '- hosts: all\n' },
    ]);
    expect(seen.progress.at(-1)).toEqual([100, { step: 'clone' }]);
    expect(seen.pids.length).toBeGreaterThan(1);
  });

  it('gets the new commit after a push', async () => {
    const first = await fetch('main');
    const sha = repo.commit({ 'site.yml': '- hosts: web\n' }, 'Only the web hosts');
    const second = await fetch('main');
    expect(second).toMatchObject({ commit: sha, subject: 'Only the web hosts' });
    expect(second.commit).not.toBe(first.commit);
    expect(readFileSync(join(second.dir, 'site.yml'), 'utf8')).toBe('- hosts: web\n');
  });

  it('fetches annotated and lightweight tags as their commit', async () => {
    const tagged = repo.commit({ 'VERSION': '1.0\n' }, 'Release 1.0');
    repo.tag('v1.0', tagged);
    repo.tag('light-1.0', tagged, false);
    repo.commit({ 'VERSION': '2.0-dev\n' }, 'Start 2.0');
    for (const ref of ['v1.0', 'light-1.0']) {
      const revision = await fetch(ref);
      expect(revision).toMatchObject({ commit: tagged, subject: 'Release 1.0' });
      expect(readFileSync(join(revision.dir, 'VERSION'), 'utf8')).toBe('1.0\n');
    }
  });

  it('fetches a full commit sha that no branch or tag points at (protocol v2)', async () => {
    const old = repo.commit({ 'old.yml': 'x\n' }, 'An old commit');
    repo.commit({ 'old.yml': null }, 'Newer');
    const revision = await fetch(old);
    expect(revision).toMatchObject({ commit: old, subject: 'An old commit' });
    expect(existsSync(join(revision.dir, 'old.yml'))).toBe(true);
  });

  it('says git_ref_not_found for a missing branch or commit, and leaves nothing behind', async () => {
    const branch = await failure(fetch('no-such-branch'));
    expect(branch).toMatchObject({ code: 'git_ref_not_found', message: 'the ref "no-such-branch" was not found in the repository' });
    const sha = await failure(fetch('deadbeef'.repeat(5)));
    expect(sha).toMatchObject({ code: 'git_ref_not_found', message: `commit ${'deadbeef'.repeat(5)} was not found in the repository` });
    expect((await failure(fetch('deadbee'))).message).toMatch(/abbreviated commit sha/);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('says git_failed for a repository that does not exist, without host paths', async () => {
    const err = await failure(fetch('main', new Seen(), {}, server.url('nowhere')));
    expect(err.code).toBe('git_failed');
    expect(err.message).toMatch(/^git fetch failed: fatal: repository '.*nowhere.git\/' not found$/);
    expect(err.message).not.toContain(scratch);
  });

  it.each([
    ['http://', (s: GitServer) => s.url('roles').replace('https:', 'http:'), {}],
    ['ext::', () => 'ext::sh -c touch% /tmp/relia-pwned', {}],
    ['file:// when not allowed', () => 'file:///srv/git/roles.git', {}],
    ['a host not allowed', (s: GitServer) => s.url('roles'), { allowedHosts: ['git.example.com'] }],
    ['credentials in the URL', (s: GitServer) => s.url('roles').replace('://', '://alice:pw@'), {}],
  ])('refuses %s before running git', async (_, url, more) => {
    const seen = new Seen();
    const err = await failure(fetchRevision({ url: url(server), ref: 'main' }, options(more), seen.ctx));
    expect(err.code).toBe('git_url_refused');
    expect(seen.pids).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('fetches file:// repositories when allowed', async () => {
    const local = createFileRepo();
    const sha = local.commit({ 'site.yml': 'local\n' }, 'Local');
    try {
      await expect(fetch('main', new Seen(), { allowFileUrls: true }, local.url)).resolves.toMatchObject({ commit: sha, subject: 'Local' });
    } finally {
      local.remove();
    }
  });

  it('times out a stalled server: git_timeout, the group killed, nothing left', async () => {
    server.behaviour.stall = true;
    const seen = new Seen();
    const at = Date.now();
    const err = await failure(fetch('main', seen, { timeoutSeconds: 1 }));
    expect(err).toMatchObject({ code: 'git_timeout', message: 'the git fetch took longer than 1 s (RELIA_GIT_TIMEOUT_SECONDS)' });
    expect(Date.now() - at).toBeLessThan(5000);
    expect(livingProcesses(seen.pids.at(-1)!, scratch)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 15_000);

  it('stops on cancel: an AbortError, no git process left, nothing on disk', async () => {
    server.behaviour.stall = true;
    const seen = new Seen();
    const run = failure(fetch('main', seen));
    // Wait until the fetch (the second child, after init) has started its https helper.
    const helperRunning = () => seen.pids.length > 1 && livingProcesses(seen.pids[1], scratch).some((p) => p.includes('remote-https'));
    for (const deadline = Date.now() + 10_000; !helperRunning() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    expect(helperRunning()).toBe(true);
    const fetcher = seen.pids[1];
    seen.controller.abort();
    expect((await run).name).toBe('AbortError');
    expect(livingProcesses(fetcher, scratch)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 15_000);

  it('refuses a repository bigger than the limit while fetching it', async () => {
    const big = server.createRepo('big');
    big.commit({ 'blob.bin': { content: randomBytes(3 * 1024 * 1024) } }, 'Big');
    const limits = { ...LIMITS, maxUnpackedBytes: 512 * 1024 };
    const err = await failure(fetch('main', new Seen(), { limits }, server.url('big')));
    // The fetch's own refusal (bytes received or on disk), not the tree count after it.
    expect(err).toMatchObject({ code: 'too_large', message: 'the repository is larger than 0.5 MiB (RELIA_PROJECT_MAX_UNPACKED_BYTES)' });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('refuses a tree too large or with too many files before checking it out', async () => {
    const bomb = server.createRepo('bomb');
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.yml`, 'x\n']));
    bomb.commit({ ...files, 'zeros.bin': { content: Buffer.alloc(4 * 1024 * 1024) } }, 'Compresses well');
    const tooLarge = await failure(fetch('main', new Seen(), { limits: { ...LIMITS, maxUnpackedBytes: 1024 * 1024 } }, server.url('bomb')));
    expect(tooLarge.code).toBe('too_large');
    const tooMany = await failure(fetch('main', new Seen(), { limits: { ...LIMITS, maxFiles: 10 } }, server.url('bomb')));
    expect(tooMany.code).toBe('too_many_files');
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('checks out submodules only when configured, their URLs under the same policy', async () => {
    const inner = server.createRepo('inner');
    const innerSha = inner.commit({ 'tasks/main.yml': '- ping:\n' }, 'Inner');
    const withSubmodule = (name: string, url: string) => {
      const outer = server.createRepo(name);
      outer.commit({ '.gitmodules': `[submodule "inner"]\n\tpath = vendor/inner\n\turl = ${url}\n` }, 'Modules file');
      mkdirSync(`${outer.path}.work/vendor/inner`, { recursive: true });
      execFileSync('git', ['-C', `${outer.path}.work`, 'update-index', '--add', '--cacheinfo', `160000,${innerSha},vendor/inner`], { env: { PATH: '/usr/bin:/bin' } });
      outer.commit({}, 'Add the submodule');
      return server.url(name);
    };
    const relative = withSubmodule('outer', '../inner.git');
    expect(readdirSync(join((await fetch('main', new Seen(), {}, relative)).dir, 'vendor/inner'))).toEqual([]);
    const revision = await fetch('main', new Seen(), { submodules: true }, relative);
    expect((await entriesOf(revision.dir)).map((e) => e.path)).toEqual(['.gitmodules', 'vendor/inner/tasks/main.yml']);
    const refused = withSubmodule('outer-http', server.url('inner').replace('https:', 'http:'));
    const err = await failure(fetch('main', new Seen(), { submodules: true }, refused));
    expect(err).toMatchObject({ code: 'git_url_refused', message: expect.stringMatching(/"http:\/\/" scheme/) });
    expect(readdirSync(scratch).length).toBe(2); // the two good checkouts only
  });

  it('walks a checkout with a link outside the tree into link_outside_tree', async () => {
    const links = server.createRepo('links');
    links.commit({ 'a.yml': 'a\n', 'in': { symlink: 'a.yml' }, 'out': { symlink: '../../etc/passwd' } }, 'Links');
    const revision = await fetch('main', new Seen(), {}, server.url('links'));
    expect(lstatSync(join(revision.dir, 'out')).isSymbolicLink()).toBe(true);
    expect(await failure(entriesOf(revision.dir))).toMatchObject({ code: 'link_outside_tree' });
  });
});

describe('fetchRevision with basic auth', () => {
  const SECRET = 's3cr3t-pw-4711';
  let server: GitServer;
  let scratch: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = await startGitServer({ auth: { user: 'alice', password: SECRET } });
    server.createRepo('private').commit({ 'site.yml': 'private\n' }, 'Private');
    scratch = mkdtempSync(join(tmpdir(), 'relia-git-spec-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const credentials = (password: string): string => {
    const file = join(scratch, `credentials-${password}`);
    writeFileSync(file, `https://alice:${password}@${new URL(server.url('x')).host}\n`, { mode: 0o600 });
    return file;
  };
  const fetch = (credentialsFile?: string) => {
    seen.push(new Seen());
    const options = { allowFileUrls: false, allowedHosts: [], timeoutSeconds: 20, limits: LIMITS, caFile: server.caFile, credentialsFile, tempDir: scratch };
    return fetchRevision({ url: server.url('private'), ref: 'main' }, options, seen.at(-1)!.ctx);
  };

  it('uses the credentials file, and leaves it as it was', async () => {
    const file = credentials(SECRET);
    const before = readFileSync(file, 'utf8');
    const revision = await fetch(file);
    expect(revision.subject).toBe('Private');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('fails with git_failed on a wrong password or none, never showing a secret', async () => {
    const file = credentials('wrong-pw-0815');
    const errors = [await failure(fetch(file)), await failure(fetch())];
    expect(errors.map((e) => e.code)).toEqual(['git_failed', 'git_failed']);
    expect(errors[0].message).toMatch(/Authentication failed/);
    expect(readFileSync(file, 'utf8')).toContain('wrong-pw-0815'); // a refusal does not erase it
    const everything = JSON.stringify([errors.map((e) => [e.message, e.stack]), seen.map((s) => s.progress)]);
    expect(everything).not.toMatch(/s3cr3t|wrong-pw/);
  });
});

describe('fetchRevision keeps the service environment and the repository content away from git', () => {
  const keys = ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'GIT_CONFIG_KEY_1', 'GIT_CONFIG_VALUE_1', 'GIT_DIR', 'GIT_SSH_COMMAND', 'GIT_TEMPLATE_DIR'];
  let saved: Record<string, string | undefined>;
  let trap: string;

  beforeAll(() => {
    saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    trap = mkdtempSync(join(tmpdir(), 'relia-git-trap-'));
    mkdirSync(join(trap, 'hooks'));
    writeFileSync(join(trap, 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${trap}/hook-ran\n`, { mode: 0o755 });
    // What a compromised or careless service environment could hand to a git that inherited it.
    Object.assign(process.env, {
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'filter.evil.smudge',
      GIT_CONFIG_VALUE_0: `touch ${trap}/filter-ran; cat`,
      GIT_CONFIG_KEY_1: 'core.hooksPath',
      GIT_CONFIG_VALUE_1: join(trap, 'hooks'),
    });
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
    rmSync(trap, { recursive: true, force: true });
  });

  it('runs no filter, hook or submodule of the repository, even with a hostile environment', async () => {
    const repo = createFileRepo();
    const inner = createFileRepo();
    inner.commit({ 'pwned': 'x\n' }, 'Submodule');
    repo.commit({ '.gitattributes': '* filter=evil\n', '.gitmodules': `[submodule "sub"]\n\tpath = sub\n\turl = ${inner.url}\n`, 'site.yml': 'x\n' }, 'Hostile');
    mkdirSync(`${repo.path}.work/sub`); // an unpopulated submodule, as git add expects it
    execFileSync('git', ['-C', `${repo.path}.work`, 'update-index', '--add', '--cacheinfo', `160000,${inner.head()},sub`], { env: { PATH: '/usr/bin:/bin' } });
    repo.commit({}, 'Add a submodule');
    const scratch = mkdtempSync(join(tmpdir(), 'relia-git-spec-'));
    try {
      // The trap works: git with the service's environment runs the filter and the hook.
      execFileSync('git', ['clone', '-q', repo.url, join(scratch, 'control')], { env: process.env, stdio: 'ignore' });
      expect(readdirSync(trap).sort()).toEqual(['filter-ran', 'hook-ran', 'hooks']);
      rmSync(join(trap, 'filter-ran'));
      rmSync(join(trap, 'hook-ran'));
      Object.assign(process.env, { GIT_DIR: join(scratch, 'elsewhere'), GIT_SSH_COMMAND: `touch ${trap}/ssh-ran`, GIT_TEMPLATE_DIR: trap });
      const options = { allowFileUrls: true, allowedHosts: [], timeoutSeconds: 20, limits: LIMITS, tempDir: scratch };
      const revision = await fetchRevision({ url: repo.url, ref: 'main' }, options, new Seen().ctx);
      expect(revision.subject).toBe('Add a submodule');
      expect(readdirSync(trap)).toEqual(['hooks']);
      expect(readdirSync(join(revision.dir, 'sub'))).toEqual([]);
      expect(existsSync(join(scratch, 'elsewhere'))).toBe(false);
    } finally {
      [repo, inner].forEach((r) => r.remove());
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
