/**
 * Agreement and speed of the project lint engine against the real ansible-lint 6.13.1, run in the
 * same session on each project of ../shared/corpus-projects (copied, git-committed, as its README does).
 * Run: npm run bench:project-lint [-- --runs 20] [--synthetic-only] (RELIA_CORPUS_PROJECTS_DIR overrides the corpus folder).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** `cpuSeconds`: user + system time of ansible-lint and every process it started. */
interface Live { exit: number; seconds: number; cpuSeconds: number; findings: Expected[] | null }

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
  const times = join(work, `${name}.time`);
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', times, 'ansible-lint', ...args], {
    cwd: dir, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(work, 'cache', name) }, encoding: 'utf8', maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = readFileSync(times, 'utf8').trim().split('\n').pop()!.split(' ').reduce((sum, s) => sum + Number(s), 0);
  return { exit: run.status ?? -1, seconds, cpuSeconds, findings: run.stdout.trim() ? parseCodeClimate(run.stdout) : null };
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

/** CPU time of this (single-threaded) process: what the shared machine's load does not inflate. */
function cpuMs(fn: () => unknown): number {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

interface Timing { ms: number; cpuMs: number; cachedMs: number; result: ProjectLintResult }

function timeRelia(files: ProjectFile[], name: string): Timing {
  const lint = () => lintProject(files, { projectName: name });
  const result = lint();
  for (let i = 0; i < 3; i++) lint(); // warm-up (JIT)
  const ms = median(Array.from({ length: RUNS }, () => timeMs(lint)));
  const cpu = median(Array.from({ length: RUNS }, () => cpuMs(lint)));
  const cachedMs = median(Array.from({ length: RUNS }, () => timeMs(() => lintProject(files, { projectName: name }, result))));
  return { ms, cpuMs: cpu, cachedMs, result };
}

/**
 * A project of `size` files built from the corpus's lintable files, placed as roles of one playbook
 * project. Each copy gets a comment of its own, so that no two files share a content (which the
 * engine would parse once).
 */
function syntheticProject(size: number): ProjectFile[] {
  const pool = readProjectTruth().filter((t) => t.project !== 'timesync').flatMap((t) =>
    readProjectFiles(join(corpusProjectsDir(), t.project)).filter((f) => f.text !== undefined && /\/(tasks|handlers|defaults|vars|meta)\/[^/]+\.ya?ml$/.test(f.path)));
  const out: ProjectFile[] = [{ path: 'site.yml', text: '---\n- name: Site\n  hosts: all\n  roles:\n    - r0\n', sha256: 'site' }];
  for (let i = 0; out.length < size; i++) {
    const file = pool[i % pool.length];
    const tail = file.path.replace(/^.*\/(tasks|handlers|defaults|vars|meta)\//, '$1/');
    out.push({ path: `roles/r${Math.floor(i / 8)}/${tail.replace(/\.ya?ml$/, `_${i}.yml`)}`, text: `# copy ${i}\n${file.text}`, sha256: `${file.sha256}-${i}` });
  }
  return out;
}

function printProject(name: string, live: Live, t: Timing, a: ProjectAgreement): void {
  const ratio = (live.seconds * 1000) / t.ms;
  const cpuRatio = (live.cpuSeconds * 1000) / t.cpuMs;
  console.log(`${name.padEnd(28)} ${live.seconds.toFixed(2).padStart(6)} s ${t.ms.toFixed(1).padStart(7)} ms ${ratio.toFixed(0).padStart(6)}x | ${live.cpuSeconds.toFixed(2).padStart(6)} s ${t.cpuMs.toFixed(1).padStart(6)} ms ${cpuRatio.toFixed(0).padStart(5)}x | ${t.cachedMs.toFixed(1).padStart(5)} ms  F1 ${a.score.f1.toFixed(3)} (tp ${a.score.tp} fp ${a.score.fp} fn ${a.score.fn})  ansible-lint ${a.ansibleLint} (exit ${live.exit}), relia ${a.relia}`);
}

function corpusSection(work: string): void {
  console.log('project                      wall: ansible-lint  relia  ratio | CPU: ansible-lint  relia  ratio | cached  agreement with this run');
  const agreements: ProjectAgreement[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (const truth of readProjectTruth()) {
    const live = runAnsibleLint(truth.project, work);
    const timing = timeRelia(readProjectFiles(join(corpusProjectsDir(), truth.project)), truth.project);
    const liveTruth: ProjectTruth = { ...truth, online: { ...live, error: null }, offline: { ...live, error: null } };
    const agreement = compareProject(liveTruth, timing.result);
    agreements.push(agreement);
    ratios.push((live.seconds * 1000) / timing.ms);
    cpuRatios.push((live.cpuSeconds * 1000) / timing.cpuMs);
    printProject(truth.project, live, timing, agreement);
  }
  const overall = overallScore(agreements);
  const equal = agreements.filter((a) => a.ansibleLint === a.relia).length;
  console.log(`\noverall F1 ${overall.f1.toFixed(3)} (tp ${overall.tp} fp ${overall.fp} fn ${overall.fn}); verdicts equal on ${equal}/${agreements.length}; median ratio ${median(ratios).toFixed(0)}x (min ${Math.min(...ratios).toFixed(0)}x) wall, ${median(cpuRatios).toFixed(0)}x (min ${Math.min(...cpuRatios).toFixed(0)}x) CPU`);
}

function syntheticSection(): void {
  const big = syntheticProject(500);
  const lint = (files: ProjectFile[], previous?: ProjectLintResult) => lintProject(files, { projectName: 'synthetic' }, previous);
  for (let i = 0; i < 3; i++) lint(big);
  const ms = median(Array.from({ length: RUNS }, () => timeMs(() => lint(big))));
  const cpu = median(Array.from({ length: RUNS }, () => cpuMs(() => lint(big))));
  const previous = lint(big);
  const changed = big.map((f, i) => (i === 10 ? { ...f, text: `${f.text}\n# edited\n`, sha256: `${f.sha256}-edited` } : f));
  const oneMs = median(Array.from({ length: RUNS }, () => timeMs(() => lint(changed, previous))));
  console.log(`synthetic ${big.length}-file project (all contents distinct): ${ms.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU (target < 300 ms); one file changed, with the cache: ${oneMs.toFixed(1)} ms`);
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'project-lint-bench-'));
  console.log(`corpus: ${corpusProjectsDir()}, ${RUNS} timed runs per project, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (!process.argv.includes('--synthetic-only')) corpusSection(work);
  syntheticSection();
  rmSync(work, { recursive: true, force: true });
}

main();
