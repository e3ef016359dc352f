import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeOf, entriesOf, LIMITS, python } from '../../../test/support/archives';

/** A zip written by python zipfile; `files` is python: a list of (ZipInfo or name, bytes) pairs. */
function zipOf(files: string, patch = ''): Buffer {
  return python(
    `buf = io.BytesIO(); z = zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED)\n` +
      `def info(name, mode): i = zipfile.ZipInfo(name); i.create_system = 3; i.external_attr = mode << 16; return i\n` +
      `for name, data in ${files}: z.writestr(name, data)\n` +
      `z.close(); b = buf.getvalue()\n${patch}\nout.write(b)`,
  );
}

/** Appends a copy of the first central-directory record (renamed, at local-header offset `at`). */
const DUPLICATE_CENTRAL_RECORD = (at: string) => `
eocd = b.rfind(b'PK\\x05\\x06'); size = int.from_bytes(b[eocd+12:eocd+16], 'little'); start = int.from_bytes(b[eocd+16:eocd+20], 'little')
cd = b[start:start+size]; dup = bytearray(cd.replace(b'a.txt', b'b.txt')); dup[42:46] = (${at}).to_bytes(4, 'little')
end = bytearray(b[eocd:]); end[8:10] = (2).to_bytes(2, 'little'); end[10:12] = (2).to_bytes(2, 'little'); end[12:16] = (2*size).to_bytes(4, 'little')
b = b[:start] + cd + bytes(dup) + bytes(end)`;

describe('zip reader', () => {
  it('reads a project zipped by Info-ZIP: files, an executable, a symlink; directories implied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relia-zip-spec-'));
    try {
      mkdirSync(join(dir, 'proj/roles/web/tasks'), { recursive: true });
      writeFileSync(join(dir, 'proj/site.yml'), '- hosts: all\n');
      writeFileSync(join(dir, 'proj/roles/web/tasks/main.yml'), '- ping:\n');
      writeFileSync(join(dir, 'proj/run.sh'), '#!/bin/sh\n');
      chmodSync(join(dir, 'proj/run.sh'), 0o755);
      symlinkSync('../../site.yml', join(dir, 'proj/roles/web/site.yml'));
      const names = ['proj/', 'proj/site.yml', 'proj/run.sh', 'proj/roles/', 'proj/roles/web/', 'proj/roles/web/site.yml', 'proj/roles/web/tasks/main.yml'];
      execFileSync('zip', ['-qy', 'p.zip', ...names], { cwd: dir });
      expect(await entriesOf(readFileSync(join(dir, 'p.zip')), 'zip')).toEqual([
        { kind: 'file', path: 'proj/site.yml', mode: 0o644, text: '- hosts: all\n' },
        { kind: 'file', path: 'proj/run.sh', mode: 0o755, text: '#!/bin/sh\n' },
        { kind: 'symlink', path: 'proj/roles/web/site.yml', mode: 0o120000, target: '../../site.yml', resolved: 'proj/site.yml' },
        { kind: 'file', path: 'proj/roles/web/tasks/main.yml', mode: 0o644, text: '- ping:\n' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads UTF-8 names with or without the UTF-8 flag, and zips from non-Unix systems', async () => {
    const flagged = zipOf(`[('rôles/a.yml', 'x')]`);
    const unflagged = zipOf(`[('rXXles/a.yml', 'x')]`, `b = b.replace(b'rXXles', 'rôles'.encode())`);
    const dos = zipOf(`[(zipfile.ZipInfo('a.yml'), 'x')]`, `b = b.replace(b'\\x14\\x03', b'\\x14\\x00')`);
    expect((await entriesOf(flagged, 'zip')).map((e) => e.path)).toEqual(['rôles/a.yml']);
    expect((await entriesOf(unflagged, 'zip')).map((e) => e.path)).toEqual(['rôles/a.yml']);
    expect(await entriesOf(dos, 'zip')).toEqual([{ kind: 'file', path: 'a.yml', mode: 0o644, text: 'x' }]);
  });

  it.each([
    ['an absolute path', `[('/etc/cron.d/x', 'x')]`],
    ['a .. component', `[('../x.yml', 'x')]`],
    ['a path that climbs out after normalising', `[('a/../../x.yml', 'x')]`],
    ['a backslash path', `[('a\\\\..\\\\..\\\\x.yml', 'x')]`],
  ])('refuses %s (unsafe_path)', async (_, files) => {
    expect(await codeOf(zipOf(files), 'zip')).toBe('unsafe_path');
  });

  it.each([
    ['a symlink climbing out', `[(info('a/l', 0o120777), '../../etc/passwd')]`],
    ['an absolute symlink', `[(info('l', 0o120777), '/etc/passwd')]`],
  ])('refuses %s (link_outside_tree)', async (_, files) => {
    expect(await codeOf(zipOf(files), 'zip')).toBe('link_outside_tree');
  });

  it.each([
    ['FIFO', 0o010644],
    ['character device', 0o020644],
    ['block device', 0o060644],
    ['socket', 0o140755],
  ])('refuses a %s (special_file)', async (_, mode) => {
    expect(await codeOf(zipOf(`[(info('x', ${mode}), '')]`), 'zip')).toBe('special_file');
  });

  it.each([
    ['the same path twice', `[('a.yml', 'x'), ('./a.yml', 'y')]`],
    ['a file and a directory of one path', `[('a', 'x'), ('a/', '')]`],
    ['a path under a file', `[('a', 'x'), ('a/b.yml', '')]`],
  ])('refuses %s (duplicate_entry)', async (_, files) => {
    expect(await codeOf(zipOf(files), 'zip')).toBe('duplicate_entry');
  });

  it('refuses a name that is not UTF-8 (bad_file_name)', async () => {
    const bytes = zipOf(`[('rXles/a.yml', 'x')]`, `b = b.replace(b'rXles', b'r\\xf4les')`);
    expect(await codeOf(bytes, 'zip')).toBe('bad_file_name');
  });

  it('refuses more entries than maxFiles, directories included (too_many_files)', async () => {
    expect(await codeOf(zipOf(`[('d/', ''), ('d/a', 'x'), ('d/b', 'y')]`), 'zip', { ...LIMITS, maxFiles: 2 })).toBe('too_many_files');
  });

  it('refuses more unpacked bytes than maxUnpackedBytes (too_large)', async () => {
    const bytes = zipOf(`[('a.bin', __import__('os').urandom(300000)), ('b.bin', __import__('os').urandom(300000))]`);
    expect(await codeOf(bytes, 'zip', { ...LIMITS, maxUnpackedBytes: 500_000 })).toBe('too_large');
  });

  it('refuses an upload larger than maxCompressedBytes (too_large)', async () => {
    const bytes = zipOf(`[('a.bin', __import__('os').urandom(300000))]`);
    expect(await codeOf(bytes, 'zip', { ...LIMITS, maxCompressedBytes: 100_000 })).toBe('too_large');
  });

  it('refuses one absurdly compressed entry (archive_bomb)', async () => {
    expect(await codeOf(zipOf(`[('zeros', bytes(2 * 1024 * 1024))]`), 'zip')).toBe('archive_bomb');
  });

  it('refuses a highly compressed archive of modest entries (archive_bomb)', async () => {
    const bytes = zipOf(`[('z%d' % n, bytes(512 * 1024)) for n in range(20)]`);
    expect(await codeOf(bytes, 'zip', { ...LIMITS, maxUnpackedBytes: 1024 ** 3 })).toBe('archive_bomb');
  });

  it.each([
    ['two entries sharing one local header', '0'],
    ['an entry starting inside another', '10'],
  ])('refuses overlapping entries: %s (archive_bomb)', async (_, at) => {
    expect(await codeOf(zipOf(`[('a.txt', bytes(1000))]`, DUPLICATE_CENTRAL_RECORD(at)), 'zip')).toBe('archive_bomb');
  });

  it.each([
    ['a CRC mismatch', `[(zipfile.ZipInfo('a.txt'), b'hello world')]`, `b = b.replace(b'hello world', b'hellO world')`],
    ['an entry that inflates to more than declared', `[('a.txt', bytes(1000))]`, `i = b.rfind(b'PK\\x01\\x02'); b = b[:i+24] + (10).to_bytes(4, 'little') + b[i+28:]`],
    ['a truncated zip', `[('a.txt', 'x')]`, `b = b[:-30]`],
    ['gzip bytes', `[]`, `b = gzip.compress(b'x')`],
    ['plain text', `[]`, `b = b'hello, not a zip'`],
  ])('refuses %s (corrupt_archive)', async (_, files, patch) => {
    expect(await codeOf(zipOf(files, patch), 'zip')).toBe('corrupt_archive');
  });
});
