import { createHash } from 'node:crypto';
import { baseRule, findingPath, type ReportFinding, type ReportLintResult } from './report-subject';

export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  categories: string[];
  url: string;
  severity: 'major' | 'minor';
  description: string;
  fingerprint: string;
  location: { path: string; positions: { begin: { line: number; column: number } } } | { path: string; lines: { begin: number } };
}

/**
 * ansible-lint 6.13's `-f codeclimate` JSON, the shape GitLab's code-quality widget reads. Two
 * things differ on purpose (ansible-lint #2812, #3531): errors are `major` and warnings `minor`,
 * so GitLab can tell them apart; and the fingerprint hashes what the finding is (rule, path,
 * line, column, message), never a run's ids, so the same finding keeps its fingerprint between
 * runs and GitLab shows it as unchanged rather than fixed-and-new.
 */
export function codeClimateReport(result: ReportLintResult): CodeClimateIssue[] {
  const seen = new Map<string, number>();
  return result.findings.map((f) => {
    const key = identity(f);
    // GitLab drops issues whose fingerprints repeat: number identical findings in order.
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    return issue(f, createHash('sha256').update(nth ? `${key}\0${nth}` : key).digest('hex'));
  });
}

function issue(f: ReportFinding, fingerprint: string): CodeClimateIssue {
  const path = findingPath(f);
  return {
    type: 'issue',
    check_name: f.rule,
    categories: [category(f.rule)],
    url: f.url,
    severity: f.severity === 'error' ? 'major' : 'minor',
    description: f.message,
    fingerprint,
    location: f.column ? { path, positions: { begin: { line: f.line, column: f.column } } } : { path, lines: { begin: f.line } },
  };
}

const identity = (f: ReportFinding): string => [f.rule, findingPath(f), f.line, f.column, f.message].join('\0');

/** Code Climate's category names; ansible-lint's style rules are Style, the rest risk bugs. */
const STYLE_RULES = new Set(['yaml', 'name', 'fqcn', 'key-order', 'no-tabs', 'var-naming', 'no-free-form', 'schema']);
const category = (rule: string): string => (STYLE_RULES.has(baseRule(rule)) ? 'Style' : 'Bug Risk');
