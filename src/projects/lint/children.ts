import { actionOf } from '../../playbooks/lint/task-action';
import { shortName } from '../../playbooks/lint/module-index';
import { LoadedFile } from './file-lint';
import { ProjectTree } from './project-tree';
import { join } from './roles';

const TASK_IMPORTS = new Set(['import_tasks', 'include_tasks', 'include']);

/**
 * The files a playbook pulls in and the kind 6.13 then lints them as (it examines such a child
 * as that kind too, whatever its glob said): imported or included tasks files are `tasks`,
 * `vars_files` are `vars`, imported playbooks are `playbook`. Templated names are not followed.
 */
export function childKinds(playbook: LoadedFile, tree: ProjectTree): Map<string, string> {
  const dir = playbook.path.includes('/') ? playbook.path.slice(0, playbook.path.lastIndexOf('/')) : '';
  const children = new Map<string, string>();
  const add = (target: unknown, kind: string) => {
    const path = typeof target === 'string' && !target.includes('{{') ? join(dir, target.trim()) : undefined;
    if (path !== undefined && tree.files.has(path)) children.set(path, kind);
  };
  for (const task of playbook.model.tasks) {
    const action = task.isBlock ? undefined : actionOf(task);
    if (action && TASK_IMPORTS.has(shortName(action.module))) add(action.freeForm ?? action.args.file, 'tasks');
  }
  for (const play of playbook.model.plays) {
    const varsFiles = play.get('vars_files');
    for (const file of Array.isArray(varsFiles) ? varsFiles : [varsFiles]) add(file, 'vars');
    add(play.get('import_playbook') ?? play.get('ansible.builtin.import_playbook'), 'playbook');
  }
  return children;
}
