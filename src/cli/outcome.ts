import { lintResultOf, testResultOf, type ReportSubject } from '../reports/report-subject';
import { EXIT } from './exit-codes';

export interface Outcome {
  exitCode: number;
  /** One line for stderr. */
  summary: string;
}

/** The exit code and summary line of a finished task, as ansible-lint would end. */
export function outcomeOf(subject: ReportSubject, strict = false): Outcome {
  const id = subject.task_id;
  if (subject.status === 'canceled') return { exitCode: EXIT.taskFailed, summary: `task ${id} was canceled` };
  if (subject.status !== 'completed') {
    const why = subject.error ? `${subject.error.code}: ${subject.error.message}` : subject.status;
    return { exitCode: EXIT.taskFailed, summary: `task ${id} failed (${why})` };
  }
  const lint = lintResultOf(subject);
  if (lint) {
    const errors = lint.findings.filter((f) => f.severity === 'error').length;
    const warnings = lint.findings.length - errors;
    const failed = errors > 0 || (strict && warnings > 0);
    const counts = `${errors} error(s), ${warnings} warning(s)${strict ? ' (--strict)' : ''}`;
    return { exitCode: failed ? EXIT.findings : EXIT.ok, summary: `${failed ? 'failed' : 'passed'}: ${counts} — task ${id}` };
  }
  const test = testResultOf(subject);
  if (test) {
    const failed = test.tasks.filter((t) => t.status === 'failed' || t.status === 'unreachable').length;
    const summary = `${test.passed ? 'passed' : 'failed'}: ${test.tasks.length} task result(s), ${failed} failed${test.syntax_ok ? '' : ', syntax check failed'} — task ${id}`;
    return { exitCode: test.passed ? EXIT.ok : EXIT.findings, summary };
  }
  return { exitCode: EXIT.ok, summary: `task ${id} ${subject.status}` };
}
