/** The API's JSON, as the OpenAPI document at /docs-json describes it. */
export type TaskStatus = 'pending' | 'running' | 'completed' | 'failed' | 'canceled';
export const TASK_STATUSES: TaskStatus[] = ['pending', 'running', 'completed', 'failed', 'canceled'];
export const isFinished = (s: TaskStatus): boolean => s === 'completed' || s === 'failed' || s === 'canceled';

export interface Task {
  task_id: string;
  type: string;
  status: TaskStatus;
  user_id: string;
  progress: number;
  details: Record<string, unknown>;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  error: { code: string; message: string } | null;
  attempt: number;
  max_attempts: number;
  cancel_requested_at: string | null;
  canceled_by: string | null;
  cancel_mode: string | null;
  subject?: Record<string, string>;
}

/** One change on the live streams (GET /tasks/events, /tasks/{id}/events). */
export interface TaskChange {
  task_id: string;
  user_id: string;
  type: string;
  status: TaskStatus;
  progress: number;
  attempt: number;
  details: Record<string, unknown>;
  error: Task['error'];
  cancel_requested: boolean;
  seq: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface TelemetryEvent {
  name: string;
  task_id: string | null;
  user_id: string | null;
  task_type: string | null;
  occurred_at: string;
  attributes: Record<string, unknown>;
}

export interface LintFinding {
  rule: string;
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  url?: string;
  /** Project lints: the file, relative to the project's root. */
  path?: string;
}

export interface LintResult {
  engine: string;
  passed: boolean;
  summary: { errors: number; warnings: number; by_rule: Record<string, number> };
  findings: LintFinding[];
  truncated: boolean;
  files?: Array<{ path: string; kind: string; errors: number; warnings: number }>;
}

export interface TaskOutcome {
  play: string;
  name: string;
  host: string;
  status: 'ok' | 'changed' | 'skipped' | 'failed' | 'unreachable';
  duration_ms: number;
  message?: string;
}

export interface TestResult {
  passed: boolean;
  duration_ms: number;
  syntax_ok: boolean;
  syntax_error?: { message: string; line?: number };
  hosts: Record<string, Record<string, number>>;
  tasks: TaskOutcome[];
  stdout: string;
  stdout_truncated: boolean;
}

export interface TaskResult<R = unknown> {
  task_id: string;
  status: TaskStatus;
  result: R | null;
  error: Task['error'];
}

export interface Playbook {
  playbook_id: string;
  name: string;
  content?: string;
  created_at: string;
  updated_at: string;
}

export interface Me {
  user_id: string;
  roles: string[];
  is_admin: boolean;
}

export interface AuthConfig {
  issuer: string | null;
  client_id: string | null;
  audience: string | null;
  scopes: string[];
  development_tokens: boolean;
}

/** Issue 14's projects (the contract the projects API is built to). */
export interface Project {
  project_id: string;
  name: string;
  source?: string;
  git?: { url: string; ref: string } | null;
  created_at?: string;
  head_revision_id?: string | null;
  [key: string]: unknown;
}

export interface Revision {
  revision_id: string;
  source: string;
  commit?: string | null;
  subject?: string | null;
  files: number;
  bytes: number;
  playbooks: string[];
  created_at: string;
}

export interface ProjectFile {
  path: string;
  type: 'file' | 'dir' | 'symlink' | string;
  mode: number | string;
  size: number;
  sha256?: string;
  target?: string | null;
}
