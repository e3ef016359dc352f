import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { IntakeError } from './intake-error';

/**
 * The raw upload as it passes: its sha256 and size, and a refusal as soon as it is larger than
 * maxCompressedBytes (so an endless upload is cut off without being stored or hashed further).
 */
export class UploadMeter extends Transform {
  private readonly hash = createHash('sha256');
  private count = 0;
  private sha256: string | undefined;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    done();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.count;
  }

  /** True once the whole upload went through. */
  get complete(): boolean {
    return this.sha256 !== undefined;
  }

  digest(): { sha256: string; bytes: number } {
    if (this.sha256 === undefined) throw new Error('the archive digest is known only once the archive was read to its end');
    return { sha256: this.sha256, bytes: this.count };
  }
}

function tooLarge(maxBytes: number): IntakeError {
  return new IntakeError('too_large', `the upload is larger than ${(maxBytes / 1024 / 1024).toFixed(0)} MiB (RELIA_PROJECT_MAX_COMPRESSED_BYTES)`);
}
