import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintPlaybook } from '../src/playbooks/lint/lint-engine';

/** One corpus playbook with ansible-lint 6.13's result (../shared/corpus/README.md). */
export interface GroundTruth {
  file: string;
  exit: number;
  seconds: number;
  findings: { rule: string; line: number; level: string; message: string }[];
}

export interface RuleScore { rule: string; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }

export interface Agreement {
  overall: RuleScore;
  rules: RuleScore[];
  verdictDiffers: { file: string; ansibleLint: 'pass' | 'fail'; builtin: 'pass' | 'fail' }[];
  /** Built-in engine time per playbook, ms. */
  timesMs: number[];
}

/** The shared corpus: RELIA_CORPUS_DIR, else ../shared/corpus beside this checkout. */
export function corpusDir(): string {
  return process.env.RELIA_CORPUS_DIR ?? join(__dirname, '..', '..', 'shared', 'corpus');
}

export function hasCorpus(dir = corpusDir()): boolean {
  return existsSync(join(dir, 'ansible-lint-6.13.jsonl'));
}

export function readGroundTruth(dir = corpusDir()): GroundTruth[] {
  return readFileSync(join(dir, 'ansible-lint-6.13.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

export function readPlaybook(file: string, dir = corpusDir()): string {
  return readFileSync(join(dir, 'playbooks', file), 'utf8');
}

/** A finding matches when rule id and line agree; each expected finding matches at most once. */
export function measureAgreement(dir = corpusDir()): Agreement {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const verdictDiffers: Agreement['verdictDiffers'] = [];
  const timesMs: number[] = [];
  for (const truth of readGroundTruth(dir)) {
    const content = readPlaybook(truth.file, dir);
    const started = process.hrtime.bigint();
    const result = lintPlaybook(content);
    timesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    tally(counts, truth.findings, result.findings);
    const expected = truth.exit === 0 ? 'pass' : 'fail';
    const actual = result.passed ? 'pass' : 'fail';
    if (expected !== actual) verdictDiffers.push({ file: truth.file, ansibleLint: expected, builtin: actual });
  }
  const rules = [...counts].map(([rule, c]) => score(rule, c)).sort((a, b) => a.f1 - b.f1 || b.fn + b.fp - a.fn - a.fp);
  const total = [...counts.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return { overall: score('overall', total), rules, verdictDiffers, timesMs };
}

function tally(
  counts: Map<string, { tp: number; fp: number; fn: number }>,
  expected: { rule: string; line: number }[],
  actual: { rule: string; line: number }[],
): void {
  const pending = new Map<string, number>();
  for (const f of expected) pending.set(`${f.rule}@${f.line}`, (pending.get(`${f.rule}@${f.line}`) ?? 0) + 1);
  const count = (rule: string) => counts.get(rule) ?? counts.set(rule, { tp: 0, fp: 0, fn: 0 }).get(rule)!;
  for (const f of actual) {
    const key = `${f.rule}@${f.line}`;
    if ((pending.get(key) ?? 0) > 0) {
      pending.set(key, pending.get(key)! - 1);
      count(f.rule).tp++;
    } else count(f.rule).fp++;
  }
  for (const [key, left] of pending) count(key.slice(0, key.lastIndexOf('@'))).fn += left;
}

function score(rule: string, { tp, fp, fn }: { tp: number; fp: number; fn: number }): RuleScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { rule, tp, fp, fn, precision, recall, f1 };
}
