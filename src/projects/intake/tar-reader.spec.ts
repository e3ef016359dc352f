import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeOf, entriesOf, LIMITS, python, tarGz } from '../../../test/support/archives';

describe('tar.gz reader', () => {
  it('reads a project tarred by the system tar: files, an executable, a symlink; directories implied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relia-tar-spec-'));
    try {
      mkdirSync(join(dir, 'proj/roles/web/tasks'), { recursive: true });
      writeFileSync(join(dir, 'proj/site.yml'), '- hosts: all\n');
      writeFileSync(join(dir, 'proj/roles/web/tasks/main.yml'), '- ping:\n');
      writeFileSync(join(dir, 'proj/run.sh'), '#!/bin/sh\n');
      chmodSync(join(dir, 'proj/run.sh'), 0o755);
      symlinkSync('site.yml', join(dir, 'proj/playbook.yml'));
      const bytes = execFileSync('tar', ['czf', '-', '--sort=name', 'proj'], { cwd: dir });
      expect(await entriesOf(bytes, 'tar.gz')).toEqual([
        { kind: 'symlink', path: 'proj/playbook.yml', mode: 0o120000, target: 'site.yml', resolved: 'proj/site.yml' },
        { kind: 'file', path: 'proj/roles/web/tasks/main.yml', mode: 0o644, text: '- ping:\n' },
        { kind: 'file', path: 'proj/run.sh', mode: 0o755, text: '#!/bin/sh\n' },
        { kind: 'file', path: 'proj/site.yml', mode: 0o644, text: '- hosts: all\n' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('yields a hard link to an earlier file', async () => {
    const bytes = await tarGz([{ name: 'a.yml', content: 'x' }, { name: 'b.yml', type: 'link', linkname: 'a.yml' }]);
    expect(await entriesOf(bytes, 'tar.gz')).toEqual([
      { kind: 'file', path: 'a.yml', mode: 0o644, text: 'x' },
      { kind: 'hardlink', path: 'b.yml', mode: 0o644, target: 'a.yml' },
    ]);
  });

  it('reads UTF-8 names, also from pax headers', async () => {
    const long = `rôles/${'d'.repeat(120)}/main.yml`;
    const bytes = await tarGz([{ name: 'rôles/a.yml', content: 'x' }, { name: long, content: 'y' }]);
    expect((await entriesOf(bytes, 'tar.gz')).map((e) => e.path)).toEqual(['rôles/a.yml', long]);
  });

  it.each([
    ['an absolute path', [{ name: '/etc/cron.d/x' }]],
    ['a .. component', [{ name: '../x.yml' }]],
    ['a path that climbs out after normalising', [{ name: 'a/../../x.yml' }]],
    ['an absolute directory', [{ name: '/etc', type: 'directory' }]],
  ] as const)('refuses %s (unsafe_path)', async (_, items) => {
    expect(await codeOf(await tarGz([...items]), 'tar.gz')).toBe('unsafe_path');
  });

  it.each([
    ['a symlink climbing out', { name: 'a/l', type: 'symlink', linkname: '../../etc/passwd' }],
    ['an absolute symlink', { name: 'l', type: 'symlink', linkname: '/etc/passwd' }],
    ['a hard link to a missing file', { name: 'l', type: 'link', linkname: 'missing.yml' }],
    ['a hard link out of the tree', { name: 'l', type: 'link', linkname: '../etc/passwd' }],
  ] as const)('refuses %s (link_outside_tree)', async (_, item) => {
    expect(await codeOf(await tarGz([item]), 'tar.gz')).toBe('link_outside_tree');
  });

  it('refuses a symlink that climbs through another symlink (link_outside_tree)', async () => {
    const bytes = await tarGz([{ name: 'a/b/up', type: 'symlink', linkname: '..' }, { name: 'l', type: 'symlink', linkname: 'a/b/up/../..' }]);
    expect(await codeOf(bytes, 'tar.gz')).toBe('link_outside_tree');
  });

  it('refuses a hard link to a later file and to a symlink (link_outside_tree)', async () => {
    const later = await tarGz([{ name: 'l', type: 'link', linkname: 'a.yml' }, { name: 'a.yml', content: 'x' }]);
    const toLink = await tarGz([{ name: 's', type: 'symlink', linkname: 'a.yml' }, { name: 'l', type: 'link', linkname: 's' }]);
    expect(await codeOf(later, 'tar.gz')).toBe('link_outside_tree');
    expect(await codeOf(toLink, 'tar.gz')).toBe('link_outside_tree');
  });

  it.each(['fifo', 'character-device', 'block-device'] as const)('refuses a %s (special_file)', async (type) => {
    expect(await codeOf(await tarGz([{ name: 'dev', type, devmajor: 1, devminor: 3 }]), 'tar.gz')).toBe('special_file');
  });

  it('refuses FIFOs and devices that python tarfile writes (special_file)', async () => {
    for (const type of ['FIFOTYPE', 'CHRTYPE', 'BLKTYPE']) {
      const bytes = python(`t = tarfile.open(fileobj=out, mode='w|gz')\ni = tarfile.TarInfo('x'); i.type = tarfile.${type}\nt.addfile(i); t.close()`);
      expect(await codeOf(bytes, 'tar.gz')).toBe('special_file');
    }
  });

  it.each([
    ['the same path twice', [{ name: 'a.yml' }, { name: './a.yml' }]],
    ['a file and a directory of one path', [{ name: 'a', type: 'directory' }, { name: 'a' }]],
    ['a path under a file', [{ name: 'a' }, { name: 'a/b.yml' }]],
  ] as const)('refuses %s (duplicate_entry)', async (_, items) => {
    expect(await codeOf(await tarGz([...items]), 'tar.gz')).toBe('duplicate_entry');
  });

  it.each([
    ['GNU', 'GNU_FORMAT'],
    ['pax (hdrcharset=BINARY)', 'PAX_FORMAT'],
  ])('refuses a name that is not UTF-8 in a %s header (bad_file_name)', async (_, format) => {
    const bytes = python(
      `t = tarfile.open(fileobj=out, mode='w|gz', format=tarfile.${format}, encoding='utf-8', errors='surrogateescape')\n` +
        `i = tarfile.TarInfo(b'r\\xf4les/a.yml'.decode('utf-8', 'surrogateescape')); t.addfile(i); t.close()`,
    );
    expect(await codeOf(bytes, 'tar.gz')).toBe('bad_file_name');
  });

  it('refuses more entries than maxFiles, directories included (too_many_files)', async () => {
    const bytes = await tarGz([{ name: 'd', type: 'directory' }, { name: 'd/a' }, { name: 'd/b' }]);
    expect(await codeOf(bytes, 'tar.gz', { ...LIMITS, maxFiles: 2 })).toBe('too_many_files');
  });

  it('refuses more unpacked bytes than maxUnpackedBytes (too_large)', async () => {
    const bytes = await tarGz([{ name: 'a.bin', content: randomish(300_000) }, { name: 'b.bin', content: randomish(300_000) }]);
    expect(await codeOf(bytes, 'tar.gz', { ...LIMITS, maxUnpackedBytes: 500_000 })).toBe('too_large');
  });

  it('refuses an upload larger than maxCompressedBytes (too_large)', async () => {
    const bytes = await tarGz([{ name: 'a.bin', content: randomish(300_000) }]);
    expect(await codeOf(bytes, 'tar.gz', { ...LIMITS, maxCompressedBytes: 100_000 })).toBe('too_large');
  });

  it('refuses a highly compressed tar (archive_bomb)', async () => {
    const bytes = await tarGz([{ name: 'zeros', content: Buffer.alloc(9 * 1024 * 1024) }]);
    expect(await codeOf(bytes, 'tar.gz', { ...LIMITS, maxUnpackedBytes: 1024 ** 3 })).toBe('archive_bomb');
  });

  it('refuses truncated, corrupt and foreign input (corrupt_archive)', async () => {
    const good = await tarGz([{ name: 'a.bin', content: randomish(50_000) }]);
    const badHeader = python(`raw = io.BytesIO(); t = tarfile.open(fileobj=raw, mode='w'); i = tarfile.TarInfo('a'); t.addfile(i); t.close()\nb = bytearray(raw.getvalue()); b[0] ^= 1\nout.write(gzip.compress(bytes(b)))`);
    const zip = python(`z = zipfile.ZipFile(out, 'w'); z.writestr('a.yml', 'x'); z.close()`);
    for (const bytes of [good.subarray(0, good.length / 2), badHeader, zip, Buffer.from('hello'), python(`out.write(gzip.compress(b'not a tar at all'))`)]) {
      expect(await codeOf(bytes, 'tar.gz')).toBe('corrupt_archive');
    }
  });

  it('refuses a directory entry that carries data (corrupt_archive)', async () => {
    const bytes = python(`t = tarfile.open(fileobj=out, mode='w|gz'); i = tarfile.TarInfo('d'); i.type = tarfile.DIRTYPE; i.size = 3\nt.addfile(i, io.BytesIO(b'abc')); t.close()`);
    expect(await codeOf(bytes, 'tar.gz')).toBe('corrupt_archive');
  });
});

/** Bytes gzip cannot shrink, so limits trip on size and not on the bomb ratio. */
function randomish(n: number): Buffer {
  return randomBytes(n);
}
