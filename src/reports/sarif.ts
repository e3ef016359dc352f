import { findingPath, type ReportFinding, type ReportLintResult } from './report-subject';
import { ruleHelp } from './rule-help';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://ansible.readthedocs.io/projects/lint/';

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it (ansible-lint #2667, #3756): every rule once,
 * by its full id, with help text and a help URL; every result with a message, a level and a
 * region; paths relative to the checkout (`%SRCROOT%`), since the service never sees the
 * runner's absolute paths. Rules are sorted so that the same findings give the same file.
 */
export function sarifReport(result: ReportLintResult, engine = result.engine ?? 'builtin'): object {
  const ruleIds = [...new Set(result.findings.map((f) => f.rule))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const byRule = new Map(result.findings.map((f) => [f.rule, f]));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'relia',
            informationUri: INFORMATION_URI,
            properties: { engine },
            rules: ruleIds.map((id) => sarifRule(byRule.get(id)!)),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { description: { text: 'The root of the linted project' } } },
        results: result.findings.map((f) => sarifResult(f, index.get(f.rule)!)),
      },
    ],
  };
}

function sarifRule(f: ReportFinding): object {
  const help = ruleHelp(f.rule);
  return {
    id: f.rule,
    name: f.rule,
    shortDescription: { text: help },
    fullDescription: { text: help },
    help: { text: `${help} See ${f.url}`, markdown: `${help} [Documentation](${f.url})` },
    helpUri: f.url,
    defaultConfiguration: { level: level(f) },
  };
}

function sarifResult(f: ReportFinding, ruleIndex: number): object {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: level(f),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(findingPath(f)), uriBaseId: 'SRCROOT' },
          region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column || 1) },
        },
      },
    ],
  };
}

const level = (f: ReportFinding): 'error' | 'warning' => (f.severity === 'error' ? 'error' : 'warning');
