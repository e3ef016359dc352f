/**
 * Agreement and speed of the project lint engine against the real ansible-lint 6.13.1, run in the
 * same session on each project of ../shared/corpus-projects (copied, git-committed, as its README does).
 * Run: npm run bench:project-lint [-- --runs 20] (RELIA_CORPUS_PROJECTS_DIR overrides the corpus folder).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintProject } from '../src/projects/lint/project-lint';
import { ProjectFile, ProjectLintResult } from '../src/projects/lint/project-lint.types';
import {
  compareProject, corpusProjectsDir, Expected, overallScore, ProjectAgreement, ProjectTruth, readProjectFiles, readProjectTruth,
} from './project-lint-agreement';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
/** Online needs the network for requirements.yml: rke2 then exits 1 with no output, so it runs offline. */
const OFFLINE = new Set(['ansible-role-rke2']);

interface Live { exit: number; seconds: number; findings: Expected[] | null }

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The real ansible-lint on a fresh git copy of the project, timed. */
function runAnsibleLint(name: string, work: string): Live {
  const dir = join(work, 'run', name);
  cpSync(join(corpusProjectsDir(), name), dir, { recursive: true, verbatimSymlinks: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=x@y', '-c', 'user.name=x', ...args], { cwd: dir });
  git('init', '-q'); git('add', '-A', '-f'); git('commit', '-qm', 'snapshot');
  const args = ['-f', 'json', '--nocolor', ...(OFFLINE.has(name) ? ['--offline'] : [])];
  const started = process.hrtime.bigint();
  const run = spawnSync('ansible-lint', args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(work, 'cache', name) }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { exit: run.status ?? -1, seconds, findings: run.stdout.trim() ? parseCodeClimate(run.stdout) : null };
}

function parseCodeClimate(stdout: string): Expected[] {
  const items = JSON.parse(stdout) as { check_name: string; level?: string; location: { path: string; lines?: { begin: number }; positions?: { begin: { line: number } } } }[];
  return items.map((i) => ({ rule: i.check_name, path: i.location.path, line: i.location.lines?.begin ?? i.location.positions!.begin.line, level: i.level ?? 'error' }));
}

function timeMs(fn: () => unknown): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function timeRelia(files: ProjectFile[], name: string): { ms: number; cachedMs: number; result: ProjectLintResult } {
  const result = lintProject(files, { projectName: name });
  for (let i = 0; i < 3; i++) lintProject(files, { projectName: name }); // warm-up (JIT)
  const ms = median(Array.from({ length: RUNS }, () => timeMs(() => lintProject(files, { projectName: name }))));
  const cachedMs = median(Array.from({ length: RUNS }, () => timeMs(() => lintProject(files, { projectName: name }, result))));
  return { ms, cachedMs, result };
}

/** A project of `size` files built from the corpus's lintable files, placed as roles of one playbook project. */
function syntheticProject(size: number): ProjectFile[] {
  const pool = readProjectTruth().filter((t) => t.project !== 'timesync').flatMap((t) =>
    readProjectFiles(join(corpusProjectsDir(), t.project)).filter((f) => f.text !== undefined && /\/(tasks|handlers|defaults|vars|meta)\/[^/]+\.ya?ml$/.test(f.path)));
  const out: ProjectFile[] = [{ path: 'site.yml', text: '---\n- name: Site\n  hosts: all\n  roles:\n    - r0\n', sha256: 'site' }];
  for (let i = 0; out.length < size; i++) {
    const file = pool[i % pool.length];
    const tail = file.path.replace(/^.*\/(tasks|handlers|defaults|vars|meta)\//, '$1/');
    out.push({ ...file, path: `roles/r${Math.floor(i / 8)}/${tail.replace(/\.ya?ml$/, `_${i}.yml`)}` });
  }
  return out;
}

function printProject(name: string, live: Live, ms: number, cachedMs: number, a: ProjectAgreement): void {
  const ratio = live.seconds * 1000 / ms;
  console.log(`${name.padEnd(28)} ${live.seconds.toFixed(2).padStart(6)} s ${ms.toFixed(1).padStart(7)} ms ${ratio.toFixed(0).padStart(6)}x ${cachedMs.toFixed(1).padStart(6)} ms  F1 ${a.score.f1.toFixed(3)} (tp ${a.score.tp} fp ${a.score.fp} fn ${a.score.fn})  ansible-lint ${a.ansibleLint} (exit ${live.exit}), relia ${a.relia}`);
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'project-lint-bench-'));
  console.log(`corpus: ${corpusProjectsDir()}, ${RUNS} timed runs per project, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('project                      ansible-lint    relia   ratio  cached  agreement with this run');
  const agreements: ProjectAgreement[] = [];
  const ratios: number[] = [];
  for (const truth of readProjectTruth()) {
    const live = runAnsibleLint(truth.project, work);
    const { ms, cachedMs, result } = timeRelia(readProjectFiles(join(corpusProjectsDir(), truth.project)), truth.project);
    const liveTruth: ProjectTruth = { ...truth, online: { ...live, error: null }, offline: { ...live, error: null } };
    const agreement = compareProject(liveTruth, result);
    agreements.push(agreement);
    ratios.push(live.seconds * 1000 / ms);
    printProject(truth.project, live, ms, cachedMs, agreement);
  }
  const overall = overallScore(agreements);
  console.log(`\noverall F1 ${overall.f1.toFixed(3)} (tp ${overall.tp} fp ${overall.fp} fn ${overall.fn}); verdicts equal on ${agreements.filter((a) => a.ansibleLint === a.relia).length}/${agreements.length}; median ratio ${median(ratios).toFixed(0)}x, min ${Math.min(...ratios).toFixed(0)}x`);
  const big = syntheticProject(500);
  for (let i = 0; i < 3; i++) lintProject(big, { projectName: 'synthetic' });
  const bigMs = median(Array.from({ length: RUNS }, () => timeMs(() => lintProject(big, { projectName: 'synthetic' }))));
  const previous = lintProject(big, { projectName: 'synthetic' });
  const changed = big.map((f, i) => (i === 10 ? { ...f, text: `${f.text}\n# edited\n`, sha256: `${f.sha256}-edited` } : f));
  const oneMs = median(Array.from({ length: RUNS }, () => timeMs(() => lintProject(changed, { projectName: 'synthetic' }, previous))));
  console.log(`synthetic ${big.length}-file project: ${bigMs.toFixed(1)} ms (target < 300 ms); one file changed, with the cache: ${oneMs.toFixed(1)} ms`);
  rmSync(work, { recursive: true, force: true });
}

main();
