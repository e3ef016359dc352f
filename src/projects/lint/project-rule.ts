import { Profile } from '../../playbooks/lint/lint.types';
import { RawFinding } from '../../playbooks/lint/rule';
import { LoadedFile } from './file-lint';

/** What a project rule may know beyond the file. */
export interface ProjectContext {
  /** The project folder's name: the role's name when a root meta/main.yml has no `role_name`. */
  projectName: string;
  /** Whether the project holds a file at this path (galaxy looks for a changelog). */
  hasFile(path: string): boolean;
}

/** A rule that only makes sense inside a project: on meta files, roles, role references. */
export interface ProjectRule {
  /** Base id, as for the built-in rules. */
  id: string;
  /** The lowest profile that includes it (6.13's `ansible-lint -L`). */
  profile?: Profile;
  /** The kinds of lintable it looks at. */
  kinds: string[];
  check(file: LoadedFile, project: ProjectContext): RawFinding[];
}
