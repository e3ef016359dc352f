import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { lintProject } from '../src/projects/lint/project-lint';
import { ProjectFile, ProjectLintResult } from '../src/projects/lint/project-lint.types';

/** One ansible-lint run of a corpus project (../shared/corpus-projects/README.md). */
export interface Run { exit: number; seconds: number; findings: Expected[] | null; error: string | null }
export interface Expected { rule: string; path: string; line: number; level: string }
export interface ProjectTruth { project: string; kind: string; offline: Run; online: Run }

export interface Score { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }
export interface ProjectAgreement {
  project: string;
  /** Which run is the ground truth: online where it produced findings, else offline. */
  truthMode: 'online' | 'offline';
  score: Score;
  ansibleLint: 'pass' | 'fail';
  relia: 'pass' | 'fail';
  missed: string[];
  extra: string[];
}

/** The corpus: RELIA_CORPUS_PROJECTS_DIR, else ../shared/corpus-projects beside this checkout. */
export function corpusProjectsDir(): string {
  return process.env.RELIA_CORPUS_PROJECTS_DIR ?? join(__dirname, '..', '..', 'shared', 'corpus-projects');
}

export function hasProjectCorpus(dir = corpusProjectsDir()): boolean {
  return existsSync(join(dir, 'truth.jsonl'));
}

export function readProjectTruth(dir = corpusProjectsDir()): ProjectTruth[] {
  return readFileSync(join(dir, 'truth.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

/** The ground truth run of a project, as the brief defines it. */
export function truthRun(truth: ProjectTruth): { mode: 'online' | 'offline'; run: Run } {
  return truth.online.findings ? { mode: 'online', run: truth.online } : { mode: 'offline', run: truth.offline };
}

/** A project tree as the service would hand it over: text files, symlinks resolved inside the tree. */
export function readProjectFiles(root: string): ProjectFile[] {
  const out: ProjectFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const path = relative(root, full).split('\\').join('/');
      const stat = lstatSync(full);
      if (stat.isDirectory()) { if (name !== '.git') walk(full); continue; }
      if (stat.isSymbolicLink()) {
        const target = readlinkSync(full);
        out.push({ path, symlinkTarget: posix.normalize(posix.join(posix.dirname(path), target)), sha256: sha(Buffer.from(target)) });
        continue;
      }
      const bytes = readFileSync(full);
      out.push({ path, text: bytes.includes(0) || bytes.length > 1 << 20 ? undefined : bytes.toString('utf8'), sha256: sha(bytes) });
    }
  };
  walk(root);
  return out;
}

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function lintCorpusProject(name: string, dir = corpusProjectsDir()): ProjectLintResult {
  return lintProject(readProjectFiles(join(dir, name)), { projectName: name });
}

/** A finding matches on rule, path and line; each expected finding matches at most once. */
export function compareProject(truth: ProjectTruth, result: ProjectLintResult): ProjectAgreement {
  const { mode, run } = truthRun(truth);
  const expected = run.findings ?? [];
  const pending = new Map<string, number>();
  for (const f of expected) pending.set(keyOf(f), (pending.get(keyOf(f)) ?? 0) + 1);
  const extra: string[] = [];
  let tp = 0;
  for (const f of result.findings) {
    const key = keyOf(f);
    if ((pending.get(key) ?? 0) > 0) { pending.set(key, pending.get(key)! - 1); tp++; } else extra.push(key);
  }
  const missed = [...pending].flatMap(([key, n]) => Array.from({ length: n }, () => key));
  return {
    project: truth.project, truthMode: mode, score: score(tp, extra.length, missed.length),
    ansibleLint: run.exit === 0 ? 'pass' : 'fail', relia: result.passed ? 'pass' : 'fail', missed, extra,
  };
}

export function overallScore(agreements: ProjectAgreement[]): Score {
  const sum = (pick: (s: Score) => number) => agreements.reduce((n, a) => n + pick(a.score), 0);
  return score(sum((s) => s.tp), sum((s) => s.fp), sum((s) => s.fn));
}

export function measureProjectAgreement(dir = corpusProjectsDir()): { projects: ProjectAgreement[]; overall: Score } {
  const projects = readProjectTruth(dir).map((truth) => compareProject(truth, lintCorpusProject(truth.project, dir)));
  return { projects, overall: overallScore(projects) };
}

function keyOf(f: { rule: string; path: string; line: number }): string {
  return `${f.rule} ${f.path}:${f.line}`;
}

function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { tp, fp, fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

