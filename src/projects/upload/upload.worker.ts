import { Readable, Transform } from 'node:stream';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { IntakeError } from '../intake/intake-error';
import { withWorkerClient } from '../store/worker-client';
import { ProjectNotFound, storeUpload } from './store-upload';
import type { FromUploadThread, ToUploadThread } from './upload-job';

/**
 * An upload thread: it inflates, hashes and stores one archive at a time, with a connection of
 * its own, so that an upload's CPU and garbage stay off the thread that answers requests.
 */
let body: Readable | undefined;
const port = parentPort!;
lowerPriority();
const UPLOAD_NICENESS = 10;
const send = (message: FromUploadThread) => port.postMessage(message);

port.on('message', (message: ToUploadThread) => {
  if (message.type === 'start') return void start(message.job);
  if (message.type === 'chunk') body?.push(Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength));
  else if (message.type === 'end') body?.push(null);
  else body?.destroy(new Error('the client went away before the upload ended'));
});

async function start(job: Extract<ToUploadThread, { type: 'start' }>['job']): Promise<void> {
  body = new Readable({ read: () => undefined });
  // Bytes are acknowledged as the intake takes them: the main thread sends no more than a window ahead.
  const metered = body.pipe(new Transform({
    transform(chunk: Buffer, _encoding, done) {
      send({ type: 'consumed', bytes: chunk.length });
      done(null, chunk);
    },
  }));
  body.once('error', (err) => metered.destroy(err));
  try {
    const stored = await withWorkerClient(job.databaseUrl, (db) => storeUpload(db, job, metered));
    send({ type: 'done', stored });
  } catch (error) {
    send({ type: 'failed', error: failure(error) });
  } finally {
    body = undefined;
  }
}

/**
 * Uploads yield the CPU to request handling: this thread runs at nice 10. Linux sets niceness per
 * thread, by its id, which /proc/thread-self names; where that is missing the thread runs as it is.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, UPLOAD_NICENESS);
  } catch {
    // not Linux, or not allowed: uploads then compete as equals
  }
}

function failure(error: unknown): Extract<FromUploadThread, { type: 'failed' }>['error'] {
  if (error instanceof IntakeError) return { kind: 'intake', code: error.code, message: error.message };
  if (error instanceof ProjectNotFound) return { kind: 'not_found' };
  return { kind: 'internal', message: (error as Error)?.message ?? String(error) };
}
