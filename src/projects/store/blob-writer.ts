import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

/** Bytes per stored chunk: a file larger than this is never one value in memory. */
export const CHUNK_BYTES = 1024 * 1024;
/** Small blobs go out together: one statement per batch instead of two per file. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_BLOBS = 500;

export interface StoredBlob {
  sha256: Buffer;
  size: number;
}

/**
 * Writes file contents into the content-addressed blob tables, inside the caller's transaction.
 * Bytes already stored (by any project) are not stored again. Small files are batched; a large
 * one streams into a staging table chunk by chunk, and is copied in only if its hash is new.
 */
export class BlobWriter {
  private batch: { sha256: Buffer; data: Buffer }[] = [];
  private batchBytes = 0;
  private staging = false;

  constructor(private readonly db: ClientBase) {}

  /** Reads `content` to its end; `observe` sees every chunk (the playbook sniffer). */
  async write(content: AsyncIterable<Buffer | string>, observe?: (chunk: Buffer) => void): Promise<StoredBlob> {
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    let size = 0;
    let staged = 0;
    for await (const raw of content) {
      const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      hash.update(chunk);
      observe?.(chunk);
      parts.push(chunk);
      size += chunk.length;
      if (size - staged * CHUNK_BYTES >= CHUNK_BYTES) staged = await this.stage(parts, staged);
    }
    const sha256 = hash.digest();
    if (staged === 0) await this.queue(sha256, Buffer.concat(parts));
    else {
      await this.stage(parts, staged, true);
      await this.commitStaged(sha256, size);
    }
    return { sha256, size };
  }

  /** Stores what is still batched; call before anything refers to the blobs. */
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const shas = this.batch.map((b) => b.sha256);
    const datas = this.batch.map((b) => b.data);
    this.batch = [];
    this.batchBytes = 0;
    await this.db.query(INSERT_NEW_SMALL_BLOBS, [shas, datas]);
  }

  private async queue(sha256: Buffer, data: Buffer): Promise<void> {
    this.batch.push({ sha256, data });
    this.batchBytes += data.length;
    if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_BLOBS) await this.flush();
  }

  /** Moves whole chunks (or, at the end, everything) from `parts` into staging; the new count. */
  private async stage(parts: Buffer[], staged: number, final = false): Promise<number> {
    if (!this.staging) {
      await this.db.query(CREATE_STAGING);
      this.staging = true;
    }
    let buffer = Buffer.concat(parts.splice(0));
    while (buffer.length >= CHUNK_BYTES || (final && buffer.length > 0)) {
      await this.db.query(STAGE_CHUNK, [staged++, buffer.subarray(0, CHUNK_BYTES)]);
      buffer = buffer.subarray(CHUNK_BYTES);
    }
    if (buffer.length) parts.push(buffer);
    return staged;
  }

  private async commitStaged(sha256: Buffer, size: number): Promise<void> {
    await this.db.query(INSERT_STAGED_BLOB_IF_NEW, [sha256, size]);
    await this.db.query(`TRUNCATE relia_blob_staging`);
  }
}

// Temporary, so staging writes no WAL and vanishes with the transaction whatever happens.
const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS relia_blob_staging (seq integer PRIMARY KEY, data bytea NOT NULL) ON COMMIT DROP`;
const STAGE_CHUNK = `INSERT INTO relia_blob_staging (seq, data) VALUES ($1, $2)`;

// ON CONFLICT DO NOTHING also waits for a concurrent upload of the same bytes, then skips them.
const INSERT_NEW_SMALL_BLOBS = `
  WITH incoming AS (SELECT DISTINCT ON (sha256) sha256, data FROM unnest($1::bytea[], $2::bytea[]) AS i(sha256, data)),
       added AS (INSERT INTO project_blobs (sha256, size) SELECT sha256, length(data) FROM incoming
                 ON CONFLICT DO NOTHING RETURNING sha256)
  INSERT INTO project_blob_chunks (sha256, seq, data) SELECT sha256, 0, data FROM incoming JOIN added USING (sha256)`;

const INSERT_STAGED_BLOB_IF_NEW = `
  WITH added AS (INSERT INTO project_blobs (sha256, size) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING sha256)
  INSERT INTO project_blob_chunks (sha256, seq, data) SELECT added.sha256, s.seq, s.data FROM added, relia_blob_staging s`;
