import type { IntakeLimits } from '../intake/tree-entry';
import type { GitUrlPolicy } from './git-url-policy';

/**
 * How the service fetches git sources, from its configuration only: a task's payload carries
 * nothing but `{url, ref}`, so credentials and trust never come from a client.
 */
export interface GitOptions extends GitUrlPolicy {
  /** RELIA_GIT_TIMEOUT_SECONDS: the whole fetch and checkout. */
  timeoutSeconds: number;
  /** RELIA_PROJECT_MAX_*: enforced while fetching, before checking out, and by the walker. */
  limits: IntakeLimits;
  /** RELIA_GIT_CREDENTIALS_FILE: `https://user:token@host` lines (git-credential-store format). */
  credentialsFile?: string;
  /** RELIA_GIT_SSH_KEY: a private key for ssh URLs. */
  sshKeyFile?: string;
  /** RELIA_GIT_KNOWN_HOSTS: host keys for ssh; without it no ssh host is trusted. */
  knownHostsFile?: string;
  /** RELIA_GIT_CA_FILE: extra CA certificates (PEM) for internal https servers. */
  caFile?: string;
  /** RELIA_GIT_SUBMODULES: check out submodules (one level), their URLs under the same policy. */
  submodules?: boolean;
  /** Where checkouts are made; the system temp dir by default. */
  tempDir?: string;
}

/** What fetchRevision needs of a task's WorkContext. */
export interface GitWorkContext {
  readonly signal: AbortSignal;
  progress?(percent: number, details?: Record<string, unknown>): void;
  trackChild?(pid: number): void;
}
