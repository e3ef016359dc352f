import type { FileReport, ProjectLintFinding } from './project-lint';

/** What a lint of a project revision needs in its worker thread. */
export interface RevisionLintInput {
  databaseUrl: string;
  revisionId: string;
  /** ansible-lint reads a role repository's name from its folder: the tree is linted under this name. */
  projectName: string;
  /** The last lint of this project with the same options: its per-file findings are the cache. */
  previous?: { files: FileReport[]; findings: ProjectLintFinding[] };
}
