import { baseRule, findingPath, type ReportLintResult, type ReportSubject, type ReportTestResult } from './report-subject';

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failure?: { message: string; text: string };
  skipped?: boolean;
}

/**
 * JUnit XML (the Jenkins / GitLab / Surefire dialect) for test runs: one testcase per task and
 * host, failed and unreachable ones as failures, skipped ones as skipped.
 */
export function junitTestReport(subject: ReportSubject, result: ReportTestResult): string {
  const cases: TestCase[] = result.tasks.map((t) => ({
    classname: t.play || 'play',
    name: `${t.name} [${t.host}]`,
    seconds: t.duration_ms / 1000,
    skipped: t.status === 'skipped',
    failure: t.status === 'failed' || t.status === 'unreachable' ? { message: t.status, text: t.message ?? t.status } : undefined,
  }));
  if (!result.syntax_ok) {
    const message = result.syntax_error?.message ?? 'syntax check failed';
    cases.unshift({ classname: 'syntax-check', name: 'syntax-check', seconds: 0, failure: { message: 'syntax-check', text: message } });
  }
  return suite(`relia test ${subject.task_id}`, cases, result.duration_ms / 1000);
}

/**
 * For lint, one testcase per rule that ran (ansible-lint reports by base id): a rule with
 * findings fails and lists them as `path:line:column message`.
 */
export function junitLintReport(subject: ReportSubject, result: ReportLintResult): string {
  const rules = [...new Set([...(result.rules ?? []), ...result.findings.map((f) => baseRule(f.rule))])].sort();
  const cases = rules.map((rule): TestCase => {
    const found = result.findings.filter((f) => baseRule(f.rule) === rule);
    const text = found.map((f) => `${findingPath(f)}:${f.line}:${f.column} ${f.rule} (${f.severity}): ${f.message}`).join('\n');
    return { classname: 'ansible-lint', name: rule, seconds: 0, failure: found.length ? { message: `${found.length} finding(s)`, text } : undefined };
  });
  return suite(`relia lint ${subject.task_id}`, cases, 0);
}

/** A task that failed or was canceled has no result: one errored testcase says why. */
export function junitTaskErrorReport(subject: ReportSubject): string {
  const message = subject.error?.message ?? subject.status;
  return suite(`relia ${subject.type} ${subject.task_id}`,
    [{ classname: subject.type, name: subject.type, seconds: 0, failure: { message: subject.status, text: message } }], 0);
}

function suite(name: string, cases: TestCase[], seconds: number): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="relia" ${counts}>`,
    `  <testsuite name="${xml(name)}" ${counts}>`,
    ...cases.map(testCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(c: TestCase): string {
  const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}" time="${c.seconds.toFixed(3)}"`;
  if (c.failure) return `${open}>\n      <failure message="${xml(c.failure.message)}">${xml(c.failure.text)}</failure>\n    </testcase>`;
  if (c.skipped) return `${open}>\n      <skipped/>\n    </testcase>`;
  return `${open}/>`;
}

/** XML-escapes text and drops the control characters XML 1.0 cannot carry at all. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
