import type { Api } from '../api';
import { outcomeOf } from '../outcome';
import { writeReport, type CliFormat } from '../report-output';
import type { ReportSubject } from '../../reports/report-subject';

export interface ReportOptions {
  format: CliFormat;
  output?: string;
  strict?: boolean;
  quiet?: boolean;
}

/** A finished task's result, as GET /tasks/{id}/result gives it, with the task's type. */
export async function fetchSubject(api: Api, taskId: string, type: string): Promise<ReportSubject> {
  const res = await api.json<Omit<ReportSubject, 'type'>>('GET', `/tasks/${taskId}/result`);
  return { ...res, type };
}

/** Writes the report and the summary line; answers the exit code. */
export function finish(subject: ReportSubject, options: ReportOptions): number {
  writeReport(subject, options.format, options.output);
  const outcome = outcomeOf(subject, options.strict);
  process.stderr.write(`${outcome.summary}\n`);
  return outcome.exitCode;
}
