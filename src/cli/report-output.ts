import { writeFileSync } from 'node:fs';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../reports/report-formats';
import { lintResultOf, testResultOf, type ReportSubject } from '../reports/report-subject';
import { describeStep } from './live/progress-view';

/** The CLI's formats: the API's, plus `text` for people (the default). */
export const CLI_FORMATS = ['text', ...REPORT_FORMATS] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

/** Writes the report to `output` (a file) or stdout; progress and summaries go to stderr. */
export function writeReport(subject: ReportSubject, format: CliFormat, output?: string): void {
  const body = format === 'text' ? text(subject) : renderReport(format as ReportFormat, subject).body;
  if (output) writeFileSync(output, body);
  else process.stdout.write(body);
}

function text(subject: ReportSubject): string {
  if (lintResultOf(subject)) return renderReport('pep8', subject).body;
  const test = testResultOf(subject);
  if (!test) return subject.error ? `${subject.error.code}: ${subject.error.message}\n` : '';
  const lines = test.tasks.map((t) => `${t.status.padEnd(11)} ${describeStep({ play: t.play, task: t.name, host: t.host })}${t.message ? ` — ${t.message}` : ''}`);
  if (test.syntax_error) lines.unshift(`syntax     ${test.syntax_error.message}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
