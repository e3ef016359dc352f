import { ProjectConfig } from './project-config';
import { ProjectTree } from './project-tree';

const REQUIREMENTS = ['requirements.yml', 'roles/requirements.yml', 'collections/requirements.yml'];

/**
 * Which ansible-lint behaviour the result reproduces: online (no `--offline`, with a working
 * network) unless the project's config says `offline: true`; and where the two would differ here.
 */
export function modeOf(tree: ProjectTree, config: ProjectConfig, linkedRole?: string, unnamedRole = false): { mode: 'online' | 'offline'; mode_note: string } {
  const notes: string[] = [];
  if (unnamedRole) notes.push("online ansible-lint stops (exit 1): it cannot compute this role's <namespace>.<role_name> from meta/main.yml and role-name is neither skipped nor a warning; the findings are those of a run that could");
  if (linkedRole) notes.push(`the role repository is linked as '${linkedRole}', so playbooks naming it find it; with --offline they fail syntax-check`);
  const requirements = REQUIREMENTS.filter((path) => tree.files.get(path)?.text && !/collections:\s*\[\]/.test(tree.files.get(path)!.text!));
  if (requirements.length && !config.offline) notes.push(`ansible-lint would first install ${requirements.join(', ')} with ansible-galaxy (exit 1 without network); this result assumes that install succeeded`);
  if (notes.length === 0) notes.push('online and offline runs agree on this project');
  return { mode: config.offline ? 'offline' : 'online', mode_note: notes.join('; ') };
}
