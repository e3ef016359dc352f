import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeError } from '../intake/intake-error';
import type { IntakeLimits } from '../intake/tree-entry';
import { walkTree } from './tree-walker';

const LIMITS: IntakeLimits = { maxFiles: 100, maxUnpackedBytes: 1024 * 1024, maxCompressedBytes: 1024 * 1024 };

async function walk(dir: string, limits = LIMITS): Promise<string[]> {
  const seen: string[] = [];
  for await (const entry of walkTree(dir, limits)) {
    if (entry.kind === 'file') await new Promise((r) => entry.content.once('end', r).resume());
    seen.push(`${entry.kind} ${entry.path} ${entry.mode.toString(8)}${entry.kind === 'symlink' ? ` -> ${entry.resolved}` : ''}`);
  }
  return seen;
}

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(() => undefined, (err: IntakeError) => err.code);
}

describe('walkTree', () => {
  let dir: string;
  const write = (path: string, content = 'x\n') => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'relia-walk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('yields files and links in path order, without .git, keeping the executable bit', async () => {
    ['a/b.yml', 'a.txt', 'a-b', '.git/config', 'roles/.git', 'roles/.github/x', 'z'].forEach((p) => write(p));
    chmodSync(join(dir, 'z'), 0o700);
    symlinkSync('../a.txt', join(dir, 'roles', 'link'));
    expect(await walk(dir)).toEqual([
      'file a-b 644',
      'file a.txt 644',
      'file a/b.yml 644',
      'file roles/.github/x 644',
      'symlink roles/link 777 -> a.txt',
      'file z 755',
    ]);
  });

  it('does not follow links, and refuses one that leaves the tree', async () => {
    mkdirSync(join(dir, 'roles'));
    symlinkSync('/etc', join(dir, 'roles', 'etc'));
    await expect(code(walk(dir))).resolves.toBe('link_outside_tree');
  });

  it('refuses anything that is not a file, a directory or a link', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await expect(code(walk(dir))).resolves.toBe('special_file');
  });

  it('counts files and bytes against the limits while walking', async () => {
    ['a', 'b', 'c'].forEach((p) => write(p, 'x'.repeat(100)));
    await expect(code(walk(dir, { ...LIMITS, maxFiles: 2 }))).resolves.toBe('too_many_files');
    await expect(code(walk(dir, { ...LIMITS, maxUnpackedBytes: 250 }))).resolves.toBe('too_large');
    await expect(code(walk(dir, { ...LIMITS, maxFiles: 3, maxUnpackedBytes: 300 }))).resolves.toBeUndefined();
  });

  it('refuses names that are not UTF-8', async () => {
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x72, 0xf4, 0x6c])]), 'x');
    await expect(code(walk(dir))).resolves.toBe('bad_file_name');
  });
});
