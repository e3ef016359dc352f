import { posix } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/problem';
import type { RevisionFile } from './project';
import { ProjectsService } from './projects.service';
import { RevisionsRepository } from './revisions.repository';

/** Symlink chains are short in real projects; a loop must end somewhere. */
const MAX_LINK_HOPS = 8;

/** Browsing a revision's tree and reading its files. */
@Injectable()
export class ProjectFilesService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly revisions: RevisionsRepository,
  ) {}

  async list(user: Principal, projectId: string, revisionId: string, prefix?: string): Promise<{ revisionId: string; files: RevisionFile[] }> {
    const revision = await this.projects.revision(user, projectId, revisionId);
    return { revisionId: revision.id, files: await this.revisions.files(revision.id, prefix) };
  }

  /** The file at `path`, symlinks followed inside the tree, with its bytes chunk by chunk. */
  async read(user: Principal, projectId: string, revisionId: string, path: string): Promise<{ file: RevisionFile; chunks: AsyncIterable<Buffer> }> {
    const revision = await this.projects.revision(user, projectId, revisionId);
    const file = await this.resolve(revision.id, path);
    return { file, chunks: this.chunks(file.sha256) };
  }

  private async resolve(revisionId: string, path: string): Promise<RevisionFile> {
    let file = await this.revisions.file(revisionId, path);
    for (let hop = 0; file?.linkTarget != null && hop < MAX_LINK_HOPS; hop++) {
      file = await this.revisions.file(revisionId, posix.normalize(posix.join(posix.dirname(file.path), file.linkTarget)));
    }
    if (!file || file.linkTarget !== null) throw notFound('File');
    return file;
  }

  private async *chunks(sha256: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const chunk = await this.revisions.chunk(sha256, seq);
      if (!chunk) return;
      yield chunk;
    }
  }
}
