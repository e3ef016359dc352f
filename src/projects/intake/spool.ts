import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadMeter } from './upload-meter';

export interface Spool {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * A zip is read from its end (the central directory), so the upload is first written to a private
 * temp file, through the meter that bounds it by maxCompressedBytes. On failure the file is gone
 * before the error is thrown; on success the caller removes it.
 */
export async function spoolUpload(body: Readable, meter: UploadMeter): Promise<Spool> {
  const dir = await mkdtemp(join(tmpdir(), 'relia-intake-'));
  const spool = { path: join(dir, 'upload.zip'), remove: () => rm(dir, { recursive: true, force: true }) };
  try {
    await pipeline(body, meter, createWriteStream(spool.path, { flags: 'wx', mode: 0o600 }));
    return spool;
  } catch (err) {
    await spool.remove();
    throw err;
  }
}
