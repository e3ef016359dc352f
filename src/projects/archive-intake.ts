import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { archiveFormatOf, readArchive } from './intake/archive-reader';
import type { IntakeLimits } from './intake/tree-entry';
import { holdBlobs, insertRevision, StoredRevision } from './store/revision-writer';
import { collectTree } from './store/tree-collector';
import { stripTopFolder } from './tree/strip-top-folder';

/** An uploaded archive becomes a revision, streamed from the request into PostgreSQL. */
@Injectable()
export class ArchiveIntake {
  private readonly limits: IntakeLimits;

  constructor(@Inject(CONFIG) config: ReliaConfig) {
    this.limits = projectLimits(config);
  }

  /** Inside the caller's transaction: any refusal rolls the whole revision back. */
  async store(db: ClientBase, projectId: string, body: Readable, contentType: string | undefined): Promise<StoredRevision> {
    const archive = readArchive(body, archiveFormatOf(contentType), this.limits);
    await holdBlobs(db);
    const rows = stripTopFolder(await collectTree(db, archive.entries));
    return insertRevision(db, projectId, { source: 'archive', archiveSha256: archive.digest().sha256 }, rows);
  }
}

export function projectLimits(config: ReliaConfig): IntakeLimits {
  return { maxFiles: config.project.maxFiles, maxUnpackedBytes: config.project.maxUnpackedBytes, maxCompressedBytes: config.project.maxBytes };
}
