import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeClimateShapeErrors, parseJunit, sarifSchemaErrors } from '../../test/support/report-checks';
import { renderReport, REPORT_FORMATS, UnsupportedReportError } from './report-formats';
import type { ReportSubject } from './report-subject';
import { LINT, TEST } from '../../test/fixtures/reports/samples';

describe('report formats', () => {
  it('pep8: ansible-lint’s parseable lines, with the column when there is one', () => {
    expect(renderReport('pep8', LINT).body.split('\n')).toEqual([
      'site.yml:4:7: name[missing]: All tasks should be named.',
      'site.yml:5:7: fqcn[action-core]: Use FQCN for builtin module actions (command).',
      'roles/web/tasks/main.yml:3: yaml[truthy]: Truthy value should be one of [false, true]',
      'site.yml:4:7: name[missing]: All tasks should be named.',
      '',
    ]);
  });

  it('codeclimate: GitLab’s shape, major errors and minor warnings, unique fingerprints that do not change between runs', () => {
    const issues = JSON.parse(renderReport('codeclimate', LINT).body);
    expect(codeClimateShapeErrors(issues)).toEqual([]);
    expect(issues.map((i: any) => i.severity)).toEqual(['major', 'major', 'minor', 'major']);
    expect(issues[2].location).toEqual({ path: 'roles/web/tasks/main.yml', lines: { begin: 3 } });
    const again = JSON.parse(renderReport('codeclimate', { ...LINT, task_id: 'another-run' }).body);
    expect(again.map((i: any) => i.fingerprint)).toEqual(issues.map((i: any) => i.fingerprint));
  });

  it('sarif: validates against the official 2.1.0 schema and matches the known-good fixture', () => {
    const log = JSON.parse(renderReport('sarif', LINT).body);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const rules = log.runs[0].tool.driver.rules;
    expect(new Set(rules.map((r: any) => r.id)).size).toBe(rules.length);
    for (const rule of rules) expect(rule).toEqual(expect.objectContaining({ help: expect.objectContaining({ text: expect.any(String) }), helpUri: expect.stringMatching(/^https:/) }));
    for (const result of log.runs[0].results) {
      expect(result).toEqual(expect.objectContaining({ message: { text: expect.any(String) }, level: expect.stringMatching(/^(error|warning)$/) }));
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const fixture = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/reports/lint.sarif.json'), 'utf8'));
    expect(log).toEqual(fixture);
  });

  it('the schema check can fail: a result without a message is refused', () => {
    const log = JSON.parse(renderReport('sarif', LINT).body);
    delete log.runs[0].results[0].message;
    expect(sarifSchemaErrors(log)).not.toEqual([]);
  });

  it('junit for a test run: one testcase per task and host, failures and skips, escaped', () => {
    const junit = parseJunit(renderReport('junit', TEST).body);
    expect(junit.cases.map((c) => [c.name, Boolean(c.failure), c.skipped])).toEqual([
      ['Install <nginx> & co [web1]', false, false],
      ['Install <nginx> & co [web2]', true, false],
      ['Optional [web1]', false, true],
    ]);
    expect(junit.cases[1].failure?.text).toBe('No package "nginx"');
  });

  it('junit for lint: one testcase per rule, failing where it found something', () => {
    const junit = parseJunit(renderReport('junit', LINT).body);
    expect(junit.cases.map((c) => [c.name, Boolean(c.failure)])).toEqual([
      ['fqcn', true], ['name', true], ['no-changed-when', false], ['yaml', true],
    ]);
  });

  it('junit for a canceled task: one failing testcase that says so', () => {
    const junit = parseJunit(renderReport('junit', { ...TEST, status: 'canceled', result: null, error: { code: 'canceled', message: 'Canceled by alice' } }).body);
    expect(junit.cases).toEqual([expect.objectContaining({ failure: { message: 'canceled', text: 'Canceled by alice' } })]);
  });

  it('lint-only formats refuse a test result, naming what fits', () => {
    expect(() => renderReport('sarif', TEST)).toThrow(UnsupportedReportError);
    expect(REPORT_FORMATS).toEqual(['json', 'pep8', 'codeclimate', 'sarif', 'junit']);
  });
});
