/**
 * What every formatter reads: a finished task's result as `GET /tasks/{id}/result` answers it,
 * plus the task's type. Declared here, apart from the service's entities, so that the CLI can
 * import the formatters without Nest or TypeORM.
 */
export interface ReportSubject {
  task_id: string;
  type: string;
  status: string;
  result: unknown;
  error: { code: string; message: string } | null;
}

export interface ReportFinding {
  rule: string;
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  url: string;
  /** Set by project lint; a single stored playbook has none. */
  path?: string;
}

export interface ReportLintResult {
  engine?: string;
  passed: boolean;
  rules?: string[];
  summary?: { errors: number; warnings: number };
  findings: ReportFinding[];
}

export interface ReportTaskOutcome {
  play: string;
  name: string;
  host: string;
  status: string;
  duration_ms: number;
  message?: string;
}

export interface ReportTestResult {
  passed: boolean;
  duration_ms: number;
  syntax_ok: boolean;
  syntax_error?: { message: string; line?: number; column?: number };
  tasks: ReportTaskOutcome[];
}

/** The path shown for a finding of a single stored playbook, which has no path of its own. */
export const DEFAULT_PATH = 'playbook.yml';

export const findingPath = (finding: ReportFinding): string => finding.path ?? DEFAULT_PATH;

export function lintResultOf(subject: ReportSubject): ReportLintResult | undefined {
  const result = subject.result as ReportLintResult | null;
  return subject.type === 'lint' && result && Array.isArray(result.findings) ? result : undefined;
}

export function testResultOf(subject: ReportSubject): ReportTestResult | undefined {
  const result = subject.result as ReportTestResult | null;
  return subject.type === 'test' && result && Array.isArray(result.tasks) ? result : undefined;
}

/** `yaml[truthy]` → `yaml`: ansible-lint groups findings, docs and tags by the base id. */
export const baseRule = (rule: string): string => rule.replace(/\[.*$/, '');
