import { resolve } from 'node:path';
import { connect } from '../connect';
import { usageError } from '../exit-codes';
import { watchTask } from '../live/watch-task';
import { projectName, uploadProject } from '../project/upload';
import type { GlobalOptions } from '../settings';
import { fetchSubject, finish, type ReportOptions } from './finish';

export interface TestOptions extends GlobalOptions, ReportOptions {
  project?: string;
  projectDir: string;
  check: boolean;
  extraVars: Record<string, unknown>;
  tags: string[];
  skipTags: string[];
  limit?: string;
}

/** `relia test PLAYBOOK`: upload the project as a new revision, then run that playbook of it. */
export async function testCommand(playbook: string, options: TestOptions): Promise<number> {
  const root = resolve(options.projectDir);
  const api = connect(options);
  const revision = await uploadProject(api, root, projectName(root, options.project));
  const path = playbook.replace(/^\.\//, '');
  if (!revision.playbooks.includes(path)) {
    throw usageError(`${playbook} is not a playbook of the project; its playbooks: ${revision.playbooks.join(', ') || 'none'}`);
  }
  const accepted = await api.json<{ task_id: string }>('POST', '/async/test', {
    json: {
      project_id: revision.project_id, revision_id: revision.revision_id, playbook: path, check_mode: options.check,
      extra_vars: Object.keys(options.extraVars).length ? options.extraVars : undefined,
      tags: options.tags.length ? options.tags : undefined, skip_tags: options.skipTags.length ? options.skipTags : undefined,
      limit: options.limit,
    },
  });
  await watchTask(api, accepted.task_id, Boolean(options.quiet));
  return finish(await fetchSubject(api, accepted.task_id, 'test'), options);
}
