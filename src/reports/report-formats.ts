import { codeClimateReport } from './codeclimate';
import { junitLintReport, junitTaskErrorReport, junitTestReport } from './junit';
import { pep8Report } from './pep8';
import { lintResultOf, testResultOf, type ReportSubject } from './report-subject';
import { sarifReport } from './sarif';

/** The formats `GET /tasks/{id}/result?format=` and `relia -f` speak; json is Relia's own. */
export const REPORT_FORMATS = ['json', 'pep8', 'codeclimate', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const isReportFormat = (name: string): name is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(name);

export interface RenderedReport {
  contentType: string;
  body: string;
}

/** Thrown for a format that does not apply to this kind of result (e.g. SARIF for a test run). */
export class UnsupportedReportError extends Error {}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Renders a finished task's result in `format`; one function, shared by the API and the CLI. */
export function renderReport(format: ReportFormat, subject: ReportSubject): RenderedReport {
  if (format === 'json') return { contentType: 'application/json', body: json(subject) };
  if (format === 'junit') return { contentType: 'application/xml', body: junit(subject) };
  const lint = lintResultOf(subject);
  if (!lint) throw new UnsupportedReportError(`format ${format} applies to finished lint results; use json or junit`);
  if (format === 'pep8') return { contentType: 'text/plain; charset=utf-8', body: pep8Report(lint) };
  if (format === 'codeclimate') return { contentType: 'application/json', body: json(codeClimateReport(lint)) };
  return { contentType: 'application/sarif+json', body: json(sarifReport(lint)) };
}

function junit(subject: ReportSubject): string {
  const lint = lintResultOf(subject);
  if (lint) return junitLintReport(subject, lint);
  const test = testResultOf(subject);
  if (test) return junitTestReport(subject, test);
  return junitTaskErrorReport(subject);
}
