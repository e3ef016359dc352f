export type Severity = 'error' | 'warning';
export type Profile = 'min' | 'basic' | 'moderate' | 'safety' | 'shared' | 'production';

export interface LintFinding {
  rule: string;
  message: string;
  severity: Severity;
  line: number;
  column: number;
  url: string;
}

export interface LintOptions {
  profile?: Profile;
  skip_list?: string[];
  warn_list?: string[];
}

export interface LintResult {
  engine: 'builtin' | 'ansible-lint';
  passed: boolean;
  profile: string;
  /** Rule ids (base ids such as `yaml`, `name`) that ran. */
  rules: string[];
  summary: { errors: number; warnings: number; by_rule: Record<string, number> };
  /** Sorted by line, then column. */
  findings: LintFinding[];
  /** More than MAX_FINDINGS were found; the rest were dropped. */
  truncated: boolean;
}
