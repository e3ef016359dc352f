/** Where a project's revisions come from when it is synced; submodules only when asked for. */
export interface GitSource {
  url: string;
  ref: string;
  submodules: boolean;
}

/** A project as the service works with it. */
export interface Project {
  id: string;
  userId: string;
  name: string;
  git: GitSource | null;
  headRevisionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Revision {
  id: string;
  projectId: string;
  source: 'archive' | 'git';
  archiveSha256: string | null;
  commit: string | null;
  subject: string | null;
  fileCount: number;
  totalBytes: number;
  playbooks: string[];
  createdAt: Date;
}

export interface RevisionFile {
  path: string;
  mode: number;
  size: number;
  sha256: string;
  linkTarget: string | null;
}
