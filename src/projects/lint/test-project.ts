import { createHash } from 'node:crypto';
import { lintProject } from './project-lint';
import { ProjectFile } from './project-lint.types';

/** A project from `{ path: text }`, hashed as the service would hand it over (specs only). */
export function projectOf(tree: Record<string, string>): ProjectFile[] {
  return Object.entries(tree).map(([path, text]) => ({ path, text, sha256: createHash('sha256').update(text).digest('hex') }));
}

/** A tasks file that no rule flags: makes a tree a role repository. */
export const ROLE_TASKS = '---\n- name: Hi\n  ansible.builtin.debug:\n    msg: hi\n';

/** `rule@path:line message` of every finding, the tree linted as a role repository in folder `projectName` (specs only). */
export function findingsOf(tree: Record<string, string>, projectName = 'role1'): string[] {
  return lintProject(projectOf({ 'tasks/main.yml': ROLE_TASKS, ...tree }), { projectName }).findings.map((f) => `${f.rule}@${f.path}:${f.line} ${f.message}`);
}
