import type { LimitHit, LimitKind } from './limits/limits.types';
import type { RunLimits } from './limits/limits.types';

/** What a test run needs: the playbook and the request's options, plus the replica's settings. */
export interface TestRunInput {
  content: string;
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
  /** Set when the run was stopped at a limit (passed is then false). */
  limit?: LimitKind;
  /** Where: the task and host that were running (null when Relia cannot tell, as `message` says). */
  limit_detail?: Omit<LimitHit, 'limit'>;
}
