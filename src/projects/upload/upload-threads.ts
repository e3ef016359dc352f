import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { notFound } from '../../common/problem';
import { CONFIG } from '../../config/config.module';
import type { ReliaConfig } from '../../config/config';
import { DATABASE_URL } from '../../database/tokens';
import { projectLimits } from '../project-limits';
import { IntakeError, type IntakeCode } from '../intake/intake-error';
import type { FromUploadThread, StoredUpload, UploadJob } from './upload-job';

const fromSource = extname(__filename) === '.ts';
/** How far the request may be read ahead of what the upload thread has taken. */
const WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * Uploads are stored by threads of their own, one upload per thread at a time
 * (RELIA_PROJECT_UPLOAD_THREADS); further uploads wait for a free thread without being read. The
 * main thread only moves the request's bytes across, so requests stay fast while archives
 * inflate (bench/project-upload.ts measures GET /tasks/{id} during four 50 MiB uploads).
 */
@Injectable()
export class UploadThreads implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private started = 0;

  constructor(
    @Inject(CONFIG) private readonly config: ReliaConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async store(body: IncomingMessage, contentType: string | undefined, target: UploadJob['target']): Promise<StoredUpload> {
    const worker = await this.acquire();
    try {
      return await pump(worker, body, { databaseUrl: this.databaseUrl, limits: projectLimits(this.config), contentType, target });
    } finally {
      this.release(worker);
    }
  }

  /** Started with the replica: a thread's own memory is part of the idle figure, not of the first upload. */
  onApplicationBootstrap(): void {
    while (this.started < this.config.project.uploadThreads) this.idle.push(this.spawn());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    if (this.started < this.config.project.uploadThreads) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  private spawn(): Worker {
    this.started++;
    const worker = new Worker(join(__dirname, `upload.worker${extname(__filename)}`), { execArgv: fromSource ? ['--require', 'tsx/cjs'] : [] });
    // A thread that died is replaced by the next acquire.
    worker.once('exit', () => (this.started--, this.forget(worker)));
    return worker;
  }

  private forget(worker: Worker): void {
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
  }
}

/** Moves the request's bytes to the thread, a window at a time, and answers what it stored. */
function pump(worker: Worker, body: IncomingMessage, job: UploadJob): Promise<StoredUpload> {
  return new Promise((resolve, reject) => {
    let ahead = 0;
    const onMessage = (message: FromUploadThread) => {
      if (message.type === 'consumed') {
        ahead -= message.bytes;
        if (ahead < WINDOW_BYTES && body.isPaused()) body.resume();
        return;
      }
      finish();
      if (message.type === 'done') resolve(message.stored);
      else reject(errorOf(message.error));
    };
    const onData = (chunk: Buffer) => {
      const copy = new Uint8Array(chunk);
      worker.postMessage({ type: 'chunk', chunk: copy }, [copy.buffer]);
      ahead += chunk.length;
      if (ahead >= WINDOW_BYTES) body.pause();
    };
    const onEnd = () => worker.postMessage({ type: 'end' });
    const onAbort = () => worker.postMessage({ type: 'abort' });
    const onExit = () => (finish(), reject(new Error('the upload thread stopped')));
    const finish = () => {
      worker.off('message', onMessage).off('exit', onExit);
      body.off('data', onData).off('end', onEnd).off('aborted', onAbort);
      body.pause();
    };
    worker.on('message', onMessage).once('exit', onExit);
    worker.postMessage({ type: 'start', job });
    body.on('data', onData).once('end', onEnd).once('aborted', onAbort);
  });
}

function errorOf(error: Extract<FromUploadThread, { type: 'failed' }>['error']): Error {
  if (error.kind === 'intake') return new IntakeError(error.code as IntakeCode, error.message);
  if (error.kind === 'not_found') return notFound('Project');
  return new Error(`the upload could not be stored: ${error.message}`);
}
