import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProjectWorkspace, type Workspace } from '../../playbooks/runner/workspace';
import type { ProjectRunInput } from '../../playbooks/runner/test-run.types';
import { materializeRevision } from '../store/revision-reader';
import { withWorkerClient } from '../store/worker-client';

/**
 * A test run's workspace holding the revision's whole tree, written from PostgreSQL by the
 * worker itself, so roles, group_vars, templates and the project's ansible.cfg all resolve.
 */
export function createRevisionWorkspace(project: ProjectRunInput, extraVars: Record<string, unknown>,
  inventory: (playbookContents: string[]) => object): Promise<Workspace> {
  return createProjectWorkspace(project.playbook, extraVars, async (root) => {
    await withWorkerClient(project.databaseUrl, (db) => materializeRevision(db, project.revisionId, root));
    const contents = await Promise.all(project.playbooks.map((p) => readFile(join(root, p), 'utf8').catch(() => '')));
    return inventory(contents);
  });
}
