import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The official SARIF 2.1.0 JSON schema (OASIS, final "rtm.5"), as @microsoft/jest-sarif ships it
 * (MIT). It is draft-04, hence ajv-draft-04; its `language` pattern is not a valid /u regular
 * expression, hence unicodeRegExp: false.
 */
const SARIF_SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let validateSarif: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** The schema's complaints about `log`, or [] when it validates. */
export function sarifSchemaErrors(log: unknown): unknown[] {
  if (!validateSarif) {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validateSarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  }
  return validateSarif(log) ? [] : ((validateSarif.errors as unknown[]) ?? ['invalid']);
}

export interface JunitCase {
  classname: string;
  name: string;
  failure?: { message: string; text: string };
  skipped?: boolean;
}

/**
 * Parses JUnit XML after checking it is well-formed, and checks the shape Jenkins' and GitLab's
 * readers need: <testsuites> of <testsuite>s whose counts match their <testcase>s.
 */
export function parseJunit(text: string): { tests: number; failures: number; cases: JunitCase[] } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(text);
  const suites = doc.testsuites?.testsuite as any[] | undefined;
  if (!suites?.length) throw new Error('no <testsuites><testsuite>');
  const cases: JunitCase[] = [];
  for (const suite of suites) {
    const own: any[] = suite.testcase ?? [];
    if (Number(suite.tests) !== own.length) throw new Error(`suite says tests=${suite.tests}, has ${own.length}`);
    const failed = own.filter((c) => c.failure !== undefined).length;
    if (Number(suite.failures) !== failed) throw new Error(`suite says failures=${suite.failures}, has ${failed}`);
    for (const c of own) {
      if (!c.classname || !c.name) throw new Error(`testcase without classname or name: ${JSON.stringify(c)}`);
      const failure = c.failure === undefined ? undefined : { message: c.failure.message ?? '', text: c.failure['#text'] ?? '' };
      cases.push({ classname: c.classname, name: c.name, failure, skipped: c.skipped !== undefined });
    }
  }
  return { tests: cases.length, failures: cases.filter((c) => c.failure).length, cases };
}

/** Code Climate issues as GitLab's code-quality report reads them. */
export function codeClimateShapeErrors(issues: unknown): string[] {
  if (!Array.isArray(issues)) return ['not an array'];
  const errors: string[] = [];
  const prints = new Set<string>();
  for (const [i, issue] of issues.entries()) {
    const where = `issue ${i}`;
    if (issue.type !== 'issue') errors.push(`${where}: type`);
    if (typeof issue.check_name !== 'string' || !issue.check_name) errors.push(`${where}: check_name`);
    if (typeof issue.description !== 'string' || !issue.description) errors.push(`${where}: description`);
    if (!['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity)) errors.push(`${where}: severity`);
    if (!/^[0-9a-f]{64}$/.test(issue.fingerprint ?? '')) errors.push(`${where}: fingerprint`);
    if (prints.has(issue.fingerprint)) errors.push(`${where}: fingerprint repeats`);
    prints.add(issue.fingerprint);
    const loc = issue.location;
    const line = loc?.lines?.begin ?? loc?.positions?.begin?.line;
    if (typeof loc?.path !== 'string' || !Number.isInteger(line)) errors.push(`${where}: location`);
  }
  return errors;
}
