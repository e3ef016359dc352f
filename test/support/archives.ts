import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import type { ArchiveFormat } from '../../src/projects/intake/archive-reader';
import { readArchive } from '../../src/projects/intake/archive-reader';
import type { IntakeLimits, TreeEntry } from '../../src/projects/intake/tree-entry';

/** Builds real archives for the intake specs: tar-stream's packer, python3 for crafted ones. */

export const LIMITS: IntakeLimits = { maxFiles: 100, maxUnpackedBytes: 10 * 1024 * 1024, maxCompressedBytes: 10 * 1024 * 1024 };

export type TarItem = Partial<Header> & { name: string; content?: string | Buffer };

export async function tarGz(items: TarItem[]): Promise<Buffer> {
  const tar = pack();
  for (const { content, ...header } of items) tar.entry({ mode: 0o644, ...header }, content ?? '');
  tar.finalize();
  return buffer(Readable.from(tar as unknown as AsyncIterable<Buffer>).pipe(createGzip()));
}

/** Runs a python3 script that writes an archive to stdout; `out` is sys.stdout.buffer. */
export function python(script: string): Buffer {
  const prelude = 'import sys, io, zipfile, tarfile, gzip\nout = sys.stdout.buffer\n';
  return execFileSync('/usr/bin/python3', ['-c', prelude + script], { maxBuffer: 64 * 1024 * 1024 });
}

/** An upload stream, and how much of it was pulled so far. */
export function uploadOf(bytes: Buffer, chunkSize = 16 * 1024): { body: Readable; pulled(): number } {
  let pulled = 0;
  function* chunks(): Generator<Buffer> {
    for (let at = 0; at < bytes.length; at += chunkSize) {
      const chunk = bytes.subarray(at, at + chunkSize);
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { body: Readable.from(chunks(), { objectMode: false }), pulled: () => pulled };
}

export type Seen = Omit<TreeEntry, 'content'> & { text?: string };

/** Every entry of an archive, each file's content read as text. */
export async function entriesOf(bytes: Buffer, format: ArchiveFormat, limits = LIMITS): Promise<Seen[]> {
  const seen: Seen[] = [];
  for await (const entry of readArchive(uploadOf(bytes).body, format, limits).entries) {
    if (entry.kind !== 'file') seen.push(entry);
    else seen.push({ kind: 'file', path: entry.path, mode: entry.mode, text: (await buffer(entry.content)).toString() });
  }
  return seen;
}

/** The IntakeError code reading the archive ends with (undefined if it reads fine). */
export async function codeOf(bytes: Buffer, format: ArchiveFormat, limits = LIMITS): Promise<string | undefined> {
  try {
    await entriesOf(bytes, format, limits);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? `not an IntakeError: ${String(err)}`;
  }
}
