import type { IntakeLimits } from '../intake/tree-entry';

/** What a project_sync work function needs: where to write, what to fetch, and the replica's git settings. */
export interface SyncInput {
  databaseUrl: string;
  projectId: string;
  source: { url: string; ref: string };
  /** Asked for by the project's git source. */
  submodules: boolean;
  limits: IntakeLimits;
  git: {
    timeoutSeconds: number;
    allowFileUrls: boolean;
    allowedHosts: string[];
    credentialsFile?: string;
    sshKeyFile?: string;
    knownHostsFile?: string;
    caFile?: string;
  };
}

export interface SyncResult {
  project_id: string;
  revision_id: string;
  commit: string;
  subject: string;
  /** False when the commit was already the project's head: no revision was made. */
  changed: boolean;
  files: number;
  playbooks: string[];
}
