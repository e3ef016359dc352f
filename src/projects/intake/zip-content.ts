import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { checkRatio, SINGLE_ENTRY, WHOLE_ARCHIVE } from './bomb-guard';
import { checkedContent } from './checked-content';
import { decodeEntryName } from './entry-path';
import type { FirstFailure } from './first-failure';
import { IntakeError } from './intake-error';
import type { IntakeBudget } from './intake-budget';

const MAX_LINK_TARGET_BYTES = 4096;

export interface ZipRead {
  readonly zip: ZipFile;
  readonly budget: IntakeBudget;
  readonly failure: FirstFailure;
  /** The spooled upload's size: the whole-archive ratio is against it. */
  readonly archiveBytes: number;
}

/**
 * An entry's inflated bytes, opened only when first read. Counted as they inflate (yauzl also
 * refuses more or fewer bytes than declared), ratio-checked, and CRC-checked at the end since
 * yauzl does not check CRCs.
 */
export function zipContent(read: ZipRead, entry: Entry, path: string): Readable {
  let inflated = 0;
  let crc = 0;
  const check = (chunk: Buffer): void => {
    read.budget.addBytes(chunk.length);
    inflated += chunk.length;
    checkRatio(inflated, entry.compressedSize, SINGLE_ENTRY, `"${path}"`);
    checkRatio(read.budget.unpackedBytes, read.archiveBytes, WHOLE_ARCHIVE, 'the archive');
    crc = crc32(chunk, crc);
  };
  const finish = (): void => {
    if (crc !== entry.crc32) throw new IntakeError('corrupt_archive', `"${path}" is corrupt (CRC mismatch)`);
  };
  return checkedContent(() => inflate(read.zip, entry), check, finish, read.failure);
}

/** A zip symlink's target is its content. */
export async function zipLinkTarget(read: ZipRead, entry: Entry, path: string): Promise<string> {
  if (entry.uncompressedSize > MAX_LINK_TARGET_BYTES) throw new IntakeError('bad_file_name', `link "${path}" has a target longer than ${MAX_LINK_TARGET_BYTES} bytes`);
  const chunks: Buffer[] = [];
  for await (const chunk of zipContent(read, entry, path)) chunks.push(chunk as Buffer);
  return decodeEntryName(Buffer.concat(chunks));
}

async function* inflate(zip: ZipFile, entry: Entry): AsyncGenerator<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  try {
    yield* stream;
  } finally {
    stream.destroy();
  }
}
