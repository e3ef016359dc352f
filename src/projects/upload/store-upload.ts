import type { Readable } from 'node:stream';
import type { ClientBase } from 'pg';
import { inTransaction } from '../../database/transaction';
import { archiveFormatOf, readArchive } from '../intake/archive-reader';
import { holdBlobs, insertRevision } from '../store/revision-writer';
import { collectTree } from '../store/tree-collector';
import { stripTopFolder } from '../tree/strip-top-folder';
import type { StoredUpload, UploadJob } from './upload-job';

export class ProjectNotFound extends Error {}

/**
 * One transaction: the project (new, or locked so that its revisions are written one at a time),
 * then the archive streamed into blobs and a revision. Any refusal rolls all of it back.
 */
export function storeUpload(db: ClientBase, job: UploadJob, body: Readable): Promise<StoredUpload> {
  return inTransaction(db, async (tx) => {
    const project = await projectOf(tx, job.target);
    const archive = readArchive(body, archiveFormatOf(job.contentType), job.limits);
    await holdBlobs(tx);
    const rows = stripTopFolder(await collectTree(tx, archive.entries));
    const stored = await insertRevision(tx, project.id, { source: 'archive', archiveSha256: archive.digest().sha256 }, rows);
    return { projectId: project.id, projectName: project.name, ...stored };
  });
}

async function projectOf(db: ClientBase, target: UploadJob['target']): Promise<{ id: string; name: string }> {
  if ('create' in target) {
    const { projectId, userId, name } = target.create;
    await db.query(`INSERT INTO projects (id, user_id, name) VALUES ($1, $2, $3)`, [projectId, userId, name]);
    return { id: projectId, name };
  }
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM projects WHERE id = $1 AND ($2::text IS NULL OR user_id = $2) FOR UPDATE`, [target.revise.projectId, target.revise.owner ?? null]);
  if (!rows[0]) throw new ProjectNotFound();
  return rows[0];
}
