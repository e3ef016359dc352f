import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { LIMITS, python, tarGz, uploadOf } from '../../../test/support/archives';
import { archiveFormatOf, readArchive, type ArchiveFormat } from './archive-reader';
import type { IntakeError } from './intake-error';

const MiB = 1024 * 1024;

describe('archiveFormatOf', () => {
  it.each([
    ['application/gzip', 'tar.gz'],
    ['application/x-gzip', 'tar.gz'],
    ['Application/X-Tar+Gzip; charset=binary', 'tar.gz'],
    ['application/zip', 'zip'],
    ['application/x-zip-compressed', 'zip'],
  ])('reads %s as %s', (type, format) => expect(archiveFormatOf(type)).toBe(format));

  it.each([undefined, '', 'application/x-tar', 'application/octet-stream', 'text/plain', 'constructor'])('refuses %j (unsupported_archive)', (type) => {
    expect(() => archiveFormatOf(type)).toThrow(expect.objectContaining({ code: 'unsupported_archive', status: 415 }));
  });
});

describe('readArchive', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'relia-archive-spec-'));
  beforeAll(() => jest.spyOn(os, 'tmpdir').mockReturnValue(spoolDir)); // the zip spool lands here, apart from other specs' spools
  afterAll(() => {
    jest.restoreAllMocks();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  const archives = async (): Promise<Record<ArchiveFormat, Buffer>> => ({
    'tar.gz': await tarGz([{ name: 'a.yml', content: 'a' }, { name: 'b.yml', content: 'b' }]),
    zip: python(`z = zipfile.ZipFile(out, 'w'); z.writestr('a.yml', 'a'); z.writestr('b.yml', 'b'); z.close()`),
  });

  it.each(['tar.gz', 'zip'] as const)('gives the sha256 and size of the raw %s upload once read', async (format) => {
    const bytes = (await archives())[format];
    const read = readArchive(uploadOf(bytes).body, format, LIMITS);
    expect(() => read.digest()).toThrow();
    for await (const entry of read.entries) if (entry.kind === 'file') await buffer(entry.content);
    expect(read.digest()).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
  });

  it.each(['tar.gz', 'zip'] as const)('leaves no temp file and destroys the upload after success, an error or an early break (%s)', async (format) => {
    const bytes = (await archives())[format];
    const outcomes = [await readAll(bytes, format, LIMITS), await readAll(bytes, format, { ...LIMITS, maxFiles: 1 }), await readFirst(bytes, format)];
    expect(outcomes.map((o) => o.code)).toEqual([undefined, 'too_many_files', undefined]);
    expect(outcomes.every((o) => o.bodyDestroyed)).toBe(true);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it.each(['tar.gz', 'zip'] as const)('goes on to the next entry when a %s file\'s content was left unread', async (format) => {
    const paths: string[] = [];
    for await (const entry of readArchive(uploadOf((await archives())[format]).body, format, LIMITS).entries) paths.push(entry.path);
    expect(paths).toEqual(['a.yml', 'b.yml']);
  });

  it('can be read only once', async () => {
    const { entries } = readArchive(uploadOf((await archives())['tar.gz']).body, 'tar.gz', LIMITS);
    const first = entries[Symbol.asyncIterator]();
    expect(() => entries[Symbol.asyncIterator]()).toThrow(/only once/);
    await first.return?.();
  });

  it('reports a failure inside a file to its content reader and again from the iterator', async () => {
    const bytes = await tarGz([{ name: 'big.bin', content: randomBytes(200_000) }, { name: 'b.yml', content: 'b' }]);
    const iterator = readArchive(uploadOf(bytes).body, 'tar.gz', { ...LIMITS, maxUnpackedBytes: 100_000 }).entries[Symbol.asyncIterator]();
    const first = await iterator.next();
    const fromContent = await failureOf(buffer((first.value as { content: Readable }).content));
    expect(fromContent.code).toBe('too_large');
    expect(await failureOf(iterator.next())).toBe(fromContent);
  });

  it('stops reading the upload as soon as the unpacked limit is passed', async () => {
    const bytes = await tarGz([{ name: 'big.bin', content: randomBytes(8 * MiB) }]);
    const upload = uploadOf(bytes);
    const read = readAll(bytes, 'tar.gz', { ...LIMITS, maxUnpackedBytes: MiB }, upload.body);
    expect((await read).code).toBe('too_large');
    expect(upload.pulled()).toBeLessThan(2 * MiB);
  });

  it.each(['tar.gz', 'zip'] as const)('refuses 200 MiB of zeros (%s) quickly, after inflating a few MiB, in bounded memory', async (format) => {
    const bytes = format === 'zip' ? python(`z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED); z.writestr('zeros', bytes(200 * 1024 * 1024)); z.close()`) : await zerosTarGz(200 * MiB);
    const upload = uploadOf(bytes);
    const rss = peakRss();
    const started = Date.now();
    const { code } = await readAll(bytes, format, { ...LIMITS, maxUnpackedBytes: 1024 * MiB }, upload.body);
    expect(code).toBe('archive_bomb');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(rss.growth()).toBeLessThan(50 * MiB);
    if (format === 'tar.gz') expect(upload.pulled()).toBeLessThan(bytes.length / 4);
  });
});

async function readAll(bytes: Buffer, format: ArchiveFormat, limits = LIMITS, body = uploadOf(bytes).body): Promise<{ code?: string; bodyDestroyed: boolean }> {
  try {
    for await (const entry of readArchive(body, format, limits).entries) if (entry.kind === 'file') await buffer(entry.content);
    return { bodyDestroyed: body.destroyed };
  } catch (err) {
    return { code: (err as IntakeError).code, bodyDestroyed: body.destroyed };
  }
}

async function readFirst(bytes: Buffer, format: ArchiveFormat): Promise<{ code?: string; bodyDestroyed: boolean }> {
  const body = uploadOf(bytes).body;
  for await (const entry of readArchive(body, format, LIMITS).entries) {
    expect(entry.path).toBe('a.yml');
    if (format === 'zip') expect(readdirSync(os.tmpdir())).toHaveLength(1); // the spool, while reading
    break; // without reading the content
  }
  return { bodyDestroyed: body.destroyed };
}

async function failureOf(promise: Promise<unknown>): Promise<IntakeError> {
  return promise.then(() => Promise.reject(new Error('expected a failure')), (err: IntakeError) => err);
}

/** A tar.gz of one file of `size` zeros, made as a stream so the test itself stays small. */
async function zerosTarGz(size: number): Promise<Buffer> {
  const tar = pack();
  const gzipped = buffer(Readable.from(tar as unknown as AsyncIterable<Buffer>).pipe(createGzip()));
  const entry = tar.entry({ name: 'zeros', size });
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += MiB) if (!entry.write(zeros)) await once(entry as unknown as NodeJS.EventEmitter, 'drain');
  entry.end(null);
  tar.finalize();
  return gzipped;
}

/** Samples the RSS every few ms, so a short-lived peak is seen too. */
function peakRss(): { growth(): number } {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  return {
    growth: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) - before;
    },
  };
}
