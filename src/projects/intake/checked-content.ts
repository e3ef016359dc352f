import { Readable } from 'node:stream';
import type { FirstFailure } from './first-failure';

/**
 * A file's content as a byte stream; `check` sees every chunk before the consumer does (counting,
 * CRC) and `finish` runs at its end. Any failure, ours or the parser's, becomes the read's
 * FirstFailure, so the content stream and the entry iterator report the same IntakeError.
 */
export function checkedContent(
  chunks: () => AsyncIterable<Buffer>,
  check: (chunk: Buffer) => void,
  finish: () => void,
  failure: FirstFailure,
): Readable {
  return Readable.from(guarded(chunks, check, finish, failure), { objectMode: false });
}

async function* guarded(chunks: () => AsyncIterable<Buffer>, check: (chunk: Buffer) => void, finish: () => void, failure: FirstFailure): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of chunks()) {
      check(chunk);
      yield chunk;
    }
    finish();
  } catch (err) {
    throw failure.record(err);
  }
}
