import type { Readable } from 'node:stream';
import type { ArchiveFormat } from './archive-format';
import { readTarGz } from './tar-reader';
import type { IntakeLimits, TreeEntry, TreeSource } from './tree-entry';
import { UploadMeter } from './upload-meter';
import { readZip } from './zip-reader';

export { archiveFormatOf, type ArchiveFormat } from './archive-format';

export interface ArchiveRead {
  /** The checked entries; iterating reads the upload (so only once). Throws an IntakeError at the first problem. */
  entries: TreeSource;
  /** The raw upload's sha256 (hex) and size; known once `entries` was iterated to its end. */
  digest(): { sha256: string; bytes: number };
}

/**
 * Reads an uploaded archive as a stream of checked tree entries. Nothing is read before the
 * entries are iterated; ending the iteration early (break, return) or by an error removes the temp
 * file and destroys the streams, the upload included.
 */
export function readArchive(body: Readable, format: ArchiveFormat, limits: IntakeLimits): ArchiveRead {
  const meter = new UploadMeter(limits.maxCompressedBytes);
  const read = format === 'zip' ? readZip : readTarGz;
  let started = false;
  const entries = (): AsyncGenerator<TreeEntry> => {
    if (started) throw new Error('an uploaded archive can be read only once');
    started = true;
    return read(body, limits, meter);
  };
  return { entries: { [Symbol.asyncIterator]: entries }, digest: () => meter.digest() };
}
