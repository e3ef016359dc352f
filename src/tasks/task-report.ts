import { ProblemException } from '../common/problem';
import { renderReport, UnsupportedReportError, type RenderedReport, type ReportFormat } from '../reports/report-formats';
import { TaskResultView } from './dto/task.view';
import type { Task } from './task.entity';

/** A finished task's result in one of the report formats; a format that does not fit its type is a 400. */
export function taskReport(task: Task, format: ReportFormat): RenderedReport {
  try {
    return renderReport(format, { ...TaskResultView.from(task), type: task.type });
  } catch (error) {
    if (error instanceof UnsupportedReportError) throw new ProblemException('validation_failed', error.message);
    throw error;
  }
}
