/**
 * Agreement and speed of the built-in lint engine against ansible-lint 6.13 on ../shared/corpus.
 * Run: npm run bench:lint (RELIA_CORPUS_DIR overrides the corpus folder).
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { lintPlaybook } from '../src/playbooks/lint/lint-engine';
import { corpusDir, measureAgreement, readGroundTruth, readPlaybook } from './lint-agreement';

const f3 = (x: number) => x.toFixed(3);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function printAgreement(): number[] {
  const agreement = measureAgreement();
  console.log('rule                              tp    fp    fn  precision recall  f1');
  for (const r of agreement.rules) {
    console.log(`${r.rule.padEnd(32)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)}  ${f3(r.precision)}     ${f3(r.recall)}  ${f3(r.f1)}`);
  }
  const o = agreement.overall;
  console.log(`\nOVERALL tp=${o.tp} fp=${o.fp} fn=${o.fn} precision=${f3(o.precision)} recall=${f3(o.recall)} F1=${f3(o.f1)}`);
  console.log(`verdict differs in ${agreement.verdictDiffers.length} files:`);
  for (const d of agreement.verdictDiffers) console.log(`  ${d.file}: ansible-lint ${d.ansibleLint}, builtin ${d.builtin}`);
  return agreement.timesMs;
}

function printSpeed(timesMs: number[]): void {
  const truth = readGroundTruth().map((t) => t.seconds * 1000);
  const [ours, theirs] = [quantile(timesMs, 0.5), quantile(truth, 0.5)];
  console.log(`\nper playbook: builtin median ${f3(ours)} ms, p95 ${f3(quantile(timesMs, 0.95))} ms; ansible-lint median ${theirs.toFixed(0)} ms, p95 ${quantile(truth, 0.95).toFixed(0)} ms`);
  console.log(`median speed-up: ${(theirs / ours).toFixed(0)}x`);
  const big = generatedPlaybook(1000);
  for (let i = 0; i < 30; i++) lintPlaybook(big); // warm-up: let the JIT optimise the parser
  const runs = Array.from({ length: 30 }, () => time(() => lintPlaybook(big)));
  const cpu = Array.from({ length: 30 }, () => cpuTime(() => lintPlaybook(big)));
  console.log(`generated 1,000-line playbook: median ${f3(quantile(runs, 0.5))} ms wall, min ${f3(Math.min(...runs))} ms, median CPU ${f3(quantile(cpu, 0.5))} ms (target < 20 ms)`);
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

/** CPU time of the process (all its threads: GC included) while fn runs, ms. */
function cpuTime(fn: () => void): number {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function time(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Realistic tasks (names, modules, loops, Jinja), each 5 lines. */
export function generatedPlaybook(lines: number): string {
  const head = ['---', '- name: Generated play', '  hosts: all', '  tasks:'];
  const task = (i: number) => [`    - name: Install package ${i}`, '      ansible.builtin.apt:', `        name: "{{ item }}"`, '        state: present', `      loop: [pkg${i}, other${i}]`];
  const body = Array.from({ length: Math.ceil((lines - head.length) / 5) }, (_, i) => task(i)).flat();
  return [...head, ...body].slice(0, lines).join('\n') + '\n';
}

async function printPool(threads: number): Promise<void> {
  const pool = new Piscina({ filename: join(__dirname, 'lint-pool.worker.ts'), execArgv: ['--require', 'tsx/cjs'], minThreads: threads, maxThreads: threads });
  const contents = readGroundTruth().map((t) => readPlaybook(t.file));
  // Warm-up: a whole corpus pass, so that every thread has JIT-compiled the parser before timing.
  // (With only threads*2 warm-up tasks, each extra thread paid its own JIT inside the timed rounds.)
  await Promise.all(contents.map((content) => pool.run({ content })));
  const rounds = 3;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  for (let r = 0; r < rounds; r++) await Promise.all(contents.map((content) => pool.run({ content })));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`pool ${threads} thread(s): ${((contents.length * rounds) / seconds).toFixed(0)} playbooks/s (corpus x${rounds}; ${cpuSeconds.toFixed(1)} CPU s in ${seconds.toFixed(1)} s wall, load ${loadavg()[0].toFixed(1)})`);
  await pool.destroy();
}

async function main(): Promise<void> {
  console.log(`corpus: ${corpusDir()}\n`);
  printSpeed(printAgreement());
  const maxWorkers = Number(process.env.RELIA_TASK_MAX_WORKERS ?? 4);
  for (const threads of [...new Set([1, maxWorkers])]) await printPool(threads);
}

if (require.main === module) void main();
