import { isScalar, Scalar, visit } from 'yaml';
import { LintContext, RawFinding, Rule, YamlSettings } from '../rule';
import { tokensOfCst } from '../yaml-tokens';
import { ignoredByYamllint } from '../yamllint-ignore';
import { indentationFindings } from './yaml-indentation';

/** YAML 1.1 booleans; ansible-lint's yamllint config allows only `true`/`false` of them. */
const TRUTHY = new Set(['YES', 'Yes', 'yes', 'NO', 'No', 'no', 'TRUE', 'True', 'true', 'FALSE', 'False', 'false', 'ON', 'On', 'on', 'OFF', 'Off', 'off']);

/** ansible-lint's yamllint configuration (rules/yaml docs), which a project's `.yamllint` extends. */
export const DEFAULT_YAML_SETTINGS: YamlSettings = {
  disabled: new Set(),
  truthyAllowed: ['true', 'false'],
  lineMax: 160,
  forbidImplicitOctal: true,
  forbidExplicitOctal: true,
  emptyLinesMax: 2,
  colonsMaxSpacesAfter: 1,
  commentsMinSpaces: 1,
  documentStart: false,
  allowLongInlineMappings: true,
};

/** The yamllint checks ansible-lint runs, with its configuration (rules/yaml docs). */
export const yamlRule: Rule = {
  id: 'yaml',
  profile: 'basic',
  check: (ctx) => {
    const settings = ctx.yaml ?? DEFAULT_YAML_SETTINGS;
    if (ctx.path !== undefined && settings.ignore && ignoredByYamllint(ctx.path, settings.ignore)) return [];
    const all = [
      ...scalarFindings(ctx, settings),
      ...lineFindings(ctx, settings),
      ...tokenFindings(ctx, settings),
      ...documentStartFindings(ctx, settings),
      ...indentationFindings(ctx.source.text, ctx.source.cst, ctx.source.lineCounter),
    ];
    return ctx.yaml ? applyLevels(all, ctx.yaml) : all;
  },
};

/** A `.yamllint` may switch a check off; its `level` does not matter: 6.13 reports every yamllint problem as an error. */
function applyLevels(findings: RawFinding[], settings: YamlSettings): RawFinding[] {
  return findings.filter((f) => !settings.disabled.has(f.rule.slice(5, -1)));
}

function scalarFindings({ source }: LintContext, settings: YamlSettings): RawFinding[] {
  const findings: RawFinding[] = [];
  visit(source.doc!, {
    Scalar: (_key, node: Scalar) => {
      if (node.type !== 'PLAIN' || node.tag) return;
      const text = (node as Scalar & { source?: string }).source ?? String(node.value);
      const at = source.lineCounter.linePos(node.range![0]);
      if (TRUTHY.has(text) && !settings.truthyAllowed.includes(text)) findings.push({ rule: 'yaml[truthy]', ...at, column: at.col, message: 'Truthy value should be one of \\[false, true]' });
      if (settings.forbidImplicitOctal && /^0[0-7]+$/.test(text)) findings.push({ rule: 'yaml[octal-values]', ...at, column: at.col, message: `Forbidden implicit octal value "${text}"` });
      if (settings.forbidExplicitOctal && /^0o[0-7]+$/.test(text)) findings.push({ rule: 'yaml[octal-values]', ...at, column: at.col, message: `Forbidden explicit octal value "${text}"` });
    },
  });
  return findings;
}

function lineFindings({ source }: LintContext, settings: YamlSettings): RawFinding[] {
  const { lineMax } = settings;
  const findings: RawFinding[] = [];
  source.lines.forEach((text, index) => {
    const line = index + 1;
    if (/[ \t]+$/.test(text)) findings.push({ rule: 'yaml[trailing-spaces]', line, column: text.trimEnd().length + 1, message: 'Trailing spaces' });
    if (text.length > lineMax && breakable(text, settings.allowLongInlineMappings)) {
      findings.push({ rule: 'yaml[line-length]', line, column: lineMax + 1, message: `Line too long (${text.length} > ${lineMax} characters)` });
    }
  });
  return [...findings, ...emptyLineFindings(source.lines, settings.emptyLinesMax), ...endOfFileFindings(source.lines)];
}

/** yamllint lets a single long word (a URL, a key) through: it cannot be broken. */
function breakable(text: string, allowInlineMappings: boolean): boolean {
  const content = text.trim().replace(/^(- )+/, '');
  return /\s/.test(allowInlineMappings ? content.replace(/^[^\s:]+: /, '') : content);
}

/** yamllint wants the last line ended; it reports the unended line itself. */
function endOfFileFindings(lines: string[]): RawFinding[] {
  const last = lines.at(-1) ?? '';
  if (last === '' || lines.length === 0) return [];
  return [{ rule: 'yaml[new-line-at-end-of-file]', line: lines.length, column: last.length + 1, message: 'No new line character at the end of file' }];
}

function emptyLineFindings(lines: string[], inside: number): RawFinding[] {
  const findings: RawFinding[] = [];
  const end = lines.length - (lines.at(-1) === '' ? 1 : 0);
  let run = 0;
  for (let i = 0; i <= end; i++) {
    if (i < end && lines[i].trim() === '') { run++; continue; }
    const max = run === i ? 0 : i === end ? 0 : inside; // none at the start or the end, two inside
    if (run > max) findings.push({ rule: 'yaml[empty-lines]', line: i, column: 1, message: `Too many blank lines (${run} > ${max})` });
    run = 0;
  }
  return findings;
}

function tokenFindings({ source }: LintContext, settings: YamlSettings): RawFinding[] {
  const tokens = tokensOfCst(source.cst);
  const at = (offset: number) => source.lineCounter.linePos(offset);
  const findings: RawFinding[] = [];
  let opening = -1; // the last `[` so far
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    if (token.type === 'flow-seq-start') opening = i;
    if (token.type === 'flow-seq-start' && next?.type === 'space' && tokens[i + 2]?.type !== 'newline' && tokens[i + 2]?.type !== 'flow-seq-end') {
      findings.push({ rule: 'yaml[brackets]', ...at(token.offset), message: 'Too many spaces inside brackets' });
    }
    // yamllint reports a pair once: at the closing bracket only when the opening one was tight.
    if (token.type === 'flow-seq-end' && prev?.type === 'space' && tokens[i - 2]?.type !== 'newline' && tokens[i - 2]?.type !== 'flow-seq-start' && tokens[opening + 1]?.type !== 'space') {
      findings.push({ rule: 'yaml[brackets]', ...at(prev.offset), message: 'Too many spaces inside brackets' });
    }
    if (token.type === 'comment') findings.push(...commentFindings(token.source, at(token.offset), prev, tokens[i - 2]?.type, settings.commentsMinSpaces));
    // A space before `,` or `:` that is not the line's indentation (yamllint max-spaces-before 0).
    const spaceBefore = prev?.type === 'space' && tokens[i - 2] !== undefined && tokens[i - 2].type !== 'newline';
    if (token.type === 'comma' && spaceBefore) findings.push({ rule: 'yaml[commas]', ...at(prev.offset), message: 'Too many spaces before comma' });
    if (token.type === 'map-value-ind' && spaceBefore) findings.push({ rule: 'yaml[colons]', ...at(prev.offset), message: 'Too many spaces before colon' });
    const maxAfter = settings.colonsMaxSpacesAfter;
    if (token.type === 'map-value-ind' && maxAfter >= 0 && next?.type === 'space' && next.source.length > maxAfter && !['newline', 'comment'].includes(tokens[i + 2]?.type)) {
      findings.push({ rule: 'yaml[colons]', ...at(next.offset), message: 'Too many spaces after colon' });
    }
  });
  return findings;
}

/** document-start `present`: the first document opens with `---` (checked when a `.yamllint` asks, as yamllint's default does). */
function documentStartFindings({ source }: LintContext, settings: YamlSettings): RawFinding[] {
  if (!settings.documentStart) return [];
  const first = source.lines.findIndex((text) => text.trim() !== '' && !text.trim().startsWith('#') && !text.startsWith('%'));
  if (first < 0 || source.lines[first].startsWith('---')) return [];
  return [{ rule: 'yaml[document-start]', line: first + 1, column: 1, message: 'Missing document start "---"' }];
}

function commentFindings(
  text: string, pos: { line: number; col: number }, prev: { type: string; source: string } | undefined, beforeSpace: string | undefined, minSpaces: number,
): RawFinding[] {
  const before = prev?.type;
  const findings: RawFinding[] = [];
  if (!/^#+(\s|$)/.test(text) && !(pos.line === 1 && text.startsWith('#!'))) {
    findings.push({ rule: 'yaml[comments]', line: pos.line, column: pos.col + 1, message: 'Missing starting space in comment' });
  }
  // Right after content (`"x"# note`, which PyYAML still reads as a comment): min-spaces-from-content 1.
  // After content on the same line: at least min-spaces-from-content spaces (yamllint's default 2, ansible-lint's 1).
  const inline = before !== undefined && before !== 'newline' && !(before === 'space' && (beforeSpace === undefined || beforeSpace === 'newline'));
  const spaces = before === 'space' ? prev!.source.length : 0;
  if (inline && spaces < minSpaces) {
    findings.push({ rule: 'yaml[comments]', line: pos.line, column: pos.col, message: 'Too few spaces before comment' });
  }
  return findings;
}
