import type { LimitHit, LimitKind } from './limits/limits.types';
import type { RunLimits } from './limits/limits.types';

/** What a test run needs: the playbook and the request's options, plus the replica's settings. */
export interface TestRunInput {
  /** A stored playbook's YAML, or else: */
  content?: string;
  /** a playbook of a project revision, run inside the revision's tree. */
  project?: ProjectRunInput;
  /** Default true: `--check --diff`; false is a real run (still inside the sandbox). */
  check_mode?: boolean;
  extra_vars?: Record<string, unknown>;
  tags?: string[];
  skip_tags?: string[];
  limit?: string;
  timeout_seconds: number;
  /** Path or name of ansible-playbook (RELIA_ANSIBLE_PLAYBOOK). */
  ansible_playbook: string;
  sandbox: SandboxKind;
  /** Per-run resource limits and identity (limits/); absent: none (as before issue 15). */
  limits?: RunLimits;
}

export interface ProjectRunInput {
  databaseUrl: string;
  revisionId: string;
  playbook: string;
  /** Every playbook of the revision: their host patterns become inventory groups. */
  playbooks: string[];
}

export type SandboxKind = 'bwrap' | 'none';

export type TaskStatus = 'ok' | 'changed' | 'skipped' | 'failed' | 'unreachable';

export interface HostRecap {
  ok: number;
  changed: number;
  skipped: number;
  failed: number;
  unreachable: number;
}

export interface TaskOutcome {
  play: string;
  name: string;
  host: string;
  status: TaskStatus;
  duration_ms: number;
  message?: string;
}

export interface PlaybookSyntaxError {
  message: string;
  line?: number;
  column?: number;
}

export interface TestResult {
  passed: boolean;
  duration_ms: number;
  syntax_ok: boolean;
  syntax_error?: PlaybookSyntaxError;
  hosts: Record<string, HostRecap>;
  tasks: TaskOutcome[];
  /** At most 256 KiB, the tail kept, without ANSI codes. */
  stdout: string;
  stdout_truncated: boolean;
  /** Project runs: what requirements.yml names that the run did not have (runs are offline). */
  requirements?: { missing_roles: string[]; missing_collections: string[] };
  /** Set when the run was stopped at a limit (passed is then false). */
  limit?: LimitKind;
  /** Where: the task and host that were running (null when Relia cannot tell, as `message` says). */
  limit_detail?: Omit<LimitHit, 'limit'>;
}
