import { rm } from 'node:fs/promises';
import type { ClientBase } from 'pg';
import { inTransaction } from '../../database/transaction';
import { TaskError } from '../../executor/task-error';
import type { WorkContext } from '../../executor/work-context';
import { fetchRevision } from '../git/git-fetch';
import { checkGitUrl } from '../git/git-url-policy';
import { walkTree } from '../git/tree-walker';
import { IntakeError } from '../intake/intake-error';
import { withWorkerClient } from '../store/worker-client';
import { holdBlobs, insertRevision } from '../store/revision-writer';
import { collectTree } from '../store/tree-collector';
import type { SyncInput, SyncResult } from './sync.types';

/** Work function: fetches the git source at its ref and stores the tree as a new revision if the commit is new. */
export async function syncProject(input: SyncInput, ctx: WorkContext): Promise<SyncResult> {
  try {
    // Checked again here: the policy may have changed since the project was created.
    checkGitUrl(input.source.url, input.git);
    ctx.progress(0, { step: 'clone' });
    const checkout = await fetchRevision(input.source, { ...input.git, submodules: input.submodules, limits: input.limits }, ctx);
    try {
      return await withWorkerClient(input.databaseUrl, (db) => inTransaction(db, (tx) => store(tx, input, checkout, ctx)));
    } finally {
      await rm(checkout.dir, { recursive: true, force: true });
    }
  } catch (error) {
    throw error instanceof IntakeError ? new TaskError(error.code, error.message) : error;
  }
}

async function store(db: ClientBase, input: SyncInput, checkout: { dir: string; commit: string; subject: string }, ctx: WorkContext): Promise<SyncResult> {
  const head = await lockedHead(db, input.projectId);
  const base = { project_id: input.projectId, commit: checkout.commit, subject: checkout.subject };
  if (head.commit === checkout.commit && head.revisionId) {
    return { ...base, revision_id: head.revisionId, changed: false, files: head.files, playbooks: head.playbooks };
  }
  ctx.progress(40, { step: 'store' });
  await holdBlobs(db);
  const rows = await collectTree(db, walkTree(checkout.dir, input.limits));
  ctx.progress(80, { step: 'index' });
  const stored = await insertRevision(db, input.projectId, { source: 'git', commit: checkout.commit, subject: checkout.subject }, rows);
  ctx.progress(100, { step: 'done' });
  return { ...base, revision_id: stored.revisionId, changed: true, files: stored.files, playbooks: stored.playbooks };
}

/** The project's head, locked: two syncs of one project store one after the other. */
async function lockedHead(db: ClientBase, projectId: string): Promise<{ revisionId?: string; commit?: string; files: number; playbooks: string[] }> {
  const { rows } = await db.query(`
    SELECT p.head_revision_id, r.git_commit, r.file_count, r.playbooks
      FROM projects p LEFT JOIN project_revisions r ON r.id = p.head_revision_id
     WHERE p.id = $1 FOR UPDATE OF p`, [projectId]);
  if (!rows[0]) throw new TaskError('project_not_found', 'The project was deleted before its sync ran');
  return { revisionId: rows[0].head_revision_id ?? undefined, commit: rows[0].git_commit ?? undefined, files: rows[0].file_count ?? 0,
    playbooks: rows[0].playbooks ?? [] };
}
