import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { packProject } from './pack';
import { projectName } from './upload';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'relia-pack-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The archive's entries, read back with tar-stream, as the service's intake reads them. */
async function entries(archive: Buffer): Promise<Array<{ name: string; type: string; linkname?: string | null }>> {
  const out: Array<{ name: string; type: string; linkname?: string | null }> = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    out.push({ name: header.name, type: header.type ?? 'file', linkname: header.linkname });
    stream.on('end', next);
    stream.resume();
  });
  const done = new Promise<void>((resolve) => reader.on('finish', () => resolve()));
  reader.end(gunzipSync(archive));
  await done;
  return out;
}

describe('packProject', () => {
  it('leaves out .git, what .gitignore files ignore (at their depth) and exclude_paths; keeps symlinks as links', async () => {
    const root = tree({
      'site.yml': '- hosts: all\n',
      '.gitignore': '*.retry\n/build/\n',
      'a.retry': 'x',
      'build/x.yml': 'x',
      'roles/web/.gitignore': 'files/big.bin\n',
      'roles/web/files/big.bin': 'x',
      'roles/web/tasks/main.yml': '- debug: {}\n',
      '.ansible-lint': 'exclude_paths:\n  - ./vendor/\n  - "*.bak"\n',
      'vendor/lib.yml': 'x',
      'old.bak': 'x',
      '.git/HEAD': 'ref',
      'roles/web/.git': 'gitdir: ../../.git/modules/web',
    });
    symlinkSync('site.yml', join(root, 'main.yml'));
    const packed = await packProject(root);
    expect(packed.files).toEqual(['.ansible-lint', '.gitignore', 'main.yml', 'roles/web/.gitignore', 'roles/web/tasks/main.yml', 'site.yml']);
    const read = await entries(packed.archive);
    expect(read.map((e) => e.name)).toEqual(packed.files);
    expect(read.find((e) => e.name === 'main.yml')).toEqual(expect.objectContaining({ type: 'symlink', linkname: 'site.yml' }));
  });

  it('packs the same tree into the same bytes', async () => {
    const root = tree({ 'site.yml': '- hosts: all\n', 'roles/r/tasks/main.yml': '[]\n' });
    expect((await packProject(root)).archive.equals((await packProject(root)).archive)).toBe(true);
  });
});

describe('projectName', () => {
  it('is the directory name made valid, or --project checked', () => {
    expect(projectName('/x/my role (copy)')).toBe('my-role-copy-');
    expect(projectName('/x/.hidden')).toBe('hidden');
    expect(projectName('/x/y', 'webservers')).toBe('webservers');
    expect(() => projectName('/x/y', '-bad')).toThrow(/not a project name/);
  });
});
