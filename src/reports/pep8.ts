import { findingPath, type ReportLintResult } from './report-subject';

/**
 * ansible-lint's `-f pep8` (its ParseableFormatter): `path:line[:column]: rule: message`, one a
 * line, the form editors and CI log parsers (problem matchers, errorformat) already read.
 */
export function pep8Report(result: ReportLintResult): string {
  return result.findings
    .map((f) => `${findingPath(f)}:${f.column ? `${f.line}:${f.column}` : f.line}: ${f.rule}: ${oneLine(f.message)}\n`)
    .join('');
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');
