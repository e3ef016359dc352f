import { LintFinding, LintResult, Profile } from '../../playbooks/lint/lint.types';

export interface ProjectFile {
  /** Relative, normalised, '/'-separated, no leading './'. */
  path: string;
  /** UTF-8 content; undefined for binary or > 1 MiB files (not linted). */
  text?: string;
  /** For a symlink: its target resolved to a project-relative path (already checked to stay inside the tree). */
  symlinkTarget?: string;
  /** Hex of the content (for a symlink: of the target string). */
  sha256: string;
}

/** Request options, which override/extend the project's `.ansible-lint`. */
export interface ProjectLintOptions {
  /** The project's folder/repository name (role-name fallback, like ansible-lint's folder name). */
  projectName: string;
  profile?: Profile;
  skip_list?: string[];
  warn_list?: string[];
}

export interface ProjectLintFinding extends LintFinding {
  /** Relative to the project root. */
  path: string;
}

export interface FileReport {
  path: string;
  kind: string;
  errors: number;
  warnings: number;
  /** Its findings were taken from `previous`. */
  cached: boolean;
  /** Hash of everything the file's own findings depend on. */
  key: string;
}

export interface ProjectLintResult extends Omit<LintResult, 'findings'> {
  /** Sorted by path, line, column. */
  findings: ProjectLintFinding[];
  /** Every linted file with its kind (ansible-lint's "lintables"); roles appear as `roles/x` of kind `role`. */
  files: FileReport[];
  /** Which ansible-lint behaviour the result matches. */
  mode: 'online' | 'offline';
  /** Where the online and offline behaviours differ for this project. */
  mode_note: string;
  /** The `.ansible-lint` used, or why it was rejected. */
  config: { path?: string; error?: string };
  cache: { hits: number; misses: number };
}

export interface PreviousLint {
  files: FileReport[];
  findings: ProjectLintFinding[];
}
