import { relative, resolve } from 'node:path';
import { connect } from '../connect';
import { usageError } from '../exit-codes';
import { watchTask } from '../live/watch-task';
import { projectName, uploadProject } from '../project/upload';
import type { GlobalOptions } from '../settings';
import type { ReportLintResult, ReportSubject } from '../../reports/report-subject';
import { fetchSubject, finish, type ReportOptions } from './finish';

export interface LintOptions extends GlobalOptions, ReportOptions {
  project?: string;
  projectDir: string;
  profile?: string;
  skipList: string[];
  warnList: string[];
  engine?: string;
}

/** `relia lint [PATH…]`: upload the project as a new revision, lint it, report (narrowed to PATHs). */
export async function lintCommand(paths: string[], options: LintOptions): Promise<number> {
  const root = resolve(options.projectDir);
  const narrow = paths.map((p) => relativeTo(root, p));
  const api = connect(options);
  const revision = await uploadProject(api, root, projectName(root, options.project));
  const accepted = await api.json<{ task_id: string }>('POST', '/async/lint', {
    json: {
      project_id: revision.project_id, revision_id: revision.revision_id, profile: options.profile, engine: options.engine,
      skip_list: options.skipList.length ? options.skipList : undefined, warn_list: options.warnList.length ? options.warnList : undefined,
    },
  });
  await watchTask(api, accepted.task_id, Boolean(options.quiet));
  const subject = await fetchSubject(api, accepted.task_id, 'lint');
  return finish(narrowTo(subject, narrow), options);
}

/** A PATH given on the command line, as a project path ('' for the root itself). */
function relativeTo(root: string, path: string): string {
  const rel = relative(root, resolve(path)).split('\\').join('/');
  if (rel.startsWith('..')) throw usageError(`${path} is outside the project directory ${root} (see --project-dir)`);
  return rel;
}

/** Keeps the findings in the files, or under the folders, that PATH names. */
function narrowTo(subject: ReportSubject, paths: string[]): ReportSubject {
  const result = subject.result as ReportLintResult | null;
  if (!paths.length || paths.includes('') || !result?.findings) return subject;
  const within = (file: string): boolean => paths.some((p) => file === p || file.startsWith(`${p}/`));
  return { ...subject, result: { ...result, findings: result.findings.filter((f) => within(f.path ?? '')) } };
}
