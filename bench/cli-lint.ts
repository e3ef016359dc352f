/**
 * `relia lint` against `ansible-lint` on the corpus' largest project (by bytes), each timed from
 * the command to its exit, in one run on this machine; and how fast `relia --help` starts.
 * The service is the built one (`node dist/src/main.js`) on a fresh database; the CLI is the
 * bundled one `bin/relia.js` runs (dist-cli/relia.js). Prints a Markdown section and writes it into bench/RESULTS.md.
 * Run: npx nest build && npm run build:cli && npm run bench:cli [-- --runs 5] [--project NAME]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-token';
import { corpusProjectsDir } from './project-lint-agreement';
import { admin, load, SERVER, until } from './support';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'relia.js');
const HEADING = '## relia CLI: `relia lint` vs `ansible-lint` on one checkout (issue 16)';
/** As bench/project-lint.ts: online needs the network for requirements.yml there. */
const OFFLINE = new Set(['ansible-role-rke2']);

const verdict = (ratio: number): string => `${ratio.toFixed(1)}× (${ratio >= 20 ? 'met' : 'not met'})`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function bytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, withFileTypes: false }) as string[]) {
    if (name.split('/').includes('.git')) continue;
    const stats = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stats?.isFile()) total += stats.size;
  }
  return total;
}

/**
 * The corpus' largest project that ansible-lint can lint: my-ansible-playbooks (95 files, the
 * most bytes). timesync has more files, but ansible-lint stops on it at once (exit 3, no JSON:
 * see ../shared/corpus-projects/README.md), so it measures nothing. `--project NAME` picks another.
 */
function largestProject(): { name: string; bytes: number; files: number } {
  const flag = process.argv.indexOf('--project');
  const name = flag > 0 ? process.argv[flag + 1] : 'my-ansible-playbooks';
  const dir = join(corpusProjectsDir(), name);
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f), { throwIfNoEntry: false })?.isFile());
  return { name, bytes: bytes(dir), files: files.length };
}

/** A git checkout of the project, as both tools would meet it in CI. */
function checkout(name: string, work: string): string {
  const dir = join(work, name);
  cpSync(join(corpusProjectsDir(), name), dir, { recursive: true, verbatimSymlinks: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=x@y', '-c', 'user.name=x', ...args], { cwd: dir });
  git('init', '-q'); git('add', '-A', '-f'); git('commit', '-qm', 'snapshot');
  return dir;
}

function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { seconds: number; code: number | null; stdout: string; stderr: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function main(): Promise<void> {
  for (const need of ['dist/src/main.js', 'dist-cli/relia.js']) {
    if (!statSync(join(ROOT, need), { throwIfNoEntry: false })) throw new Error(`${need} is missing: npx nest build && npm run build:cli`);
  }
  const project = largestProject();
  const work = mkdtempSync(join(tmpdir(), 'relia-bench-cli-'));
  const db = `relia_bench_cli_${process.pid}`;
  await admin(`CREATE DATABASE ${db}`);
  const port = 3900 + (process.pid % 1000);
  const dataDir = join(work, 'data');
  const service = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT, stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: SERVER.replace(/\/[^/]*$/, `/${db}`), RELIA_DATA_DIR: dataDir, PORT: String(port),
      RELIA_LOG_LEVEL: 'warn', RELIA_TASK_CLEANUP_CRON: 'off', RELIA_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await until(() => fetch(`${url}/health/ready`).then((r) => r.ok).catch(() => false));
    const token = await signDevToken((await loadOrCreateDevKey(dataDir)).privateKey, 'bench');
    const dir = checkout(project.name, work);
    const cliEnv = { ...process.env, RELIA_URL: url, RELIA_TOKEN: token, XDG_CONFIG_HOME: join(work, 'config') };

    // relia: the first run creates the project (nothing cached on the service); later runs upload a new revision.
    const relia = () => timed(process.execPath, [BIN, 'lint', '--quiet', '-f', 'json'], dir, cliEnv);
    const first = relia();
    if (first.code !== 0 && first.code !== 2) throw new Error(`relia lint exited ${first.code}: ${first.stderr}`);
    const findings = JSON.parse(first.stdout).result.findings.length;
    const warm = Array.from({ length: RUNS }, () => relia().seconds);

    // ansible-lint: a fresh cache first, then the same cache again.
    const alEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(work, 'al-cache') };
    const alArgs = ['-f', 'codeclimate', '--nocolor', ...(OFFLINE.has(project.name) ? ['--offline'] : [])];
    const alFirst = timed('ansible-lint', alArgs, dir, alEnv);
    const alWarm = timed('ansible-lint', alArgs, dir, alEnv);
    const alFindings = alFirst.stdout.trim() ? (JSON.parse(alFirst.stdout) as unknown[]).length : 0;
    const version = execFileSync('ansible-lint', ['--version'], { encoding: 'utf8', env: alEnv }).split('\n')[0];

    const helpMs = median(Array.from({ length: 11 }, () => timed(process.execPath, [BIN, '--help'], ROOT, process.env).seconds * 1000));
    const s = (x: number) => `${x.toFixed(2)} s`;
    const section = [
      HEADING,
      '',
      `\`npm run bench:cli -- --runs ${RUNS}\`, ${new Date().toISOString().slice(0, 16)}Z, load ${load()} (2 cores). Project: ` +
        `**${project.name}** (${project.files} files, ${(project.bytes / 1024).toFixed(0)} KiB), a git checkout. ` +
        'Each figure is wall time from the command to its exit; relia against the built service on this machine.',
      '',
      '| command | first run | later runs | findings | exit |',
      '|---|---|---|---|---|',
      `| \`relia lint -f json\` (pack, upload a revision, lint, follow, report) | ${s(first.seconds)} | ${s(median(warm))} (median of ${RUNS}) | ${findings} | ${first.code} |`,
      `| \`ansible-lint ${alArgs.join(' ')}\` (${version}) | ${s(alFirst.seconds)} | ${s(alWarm.seconds)} | ${alFindings} | ${alFirst.code} |`,
      `| **ratio** | **${(alFirst.seconds / first.seconds).toFixed(0)}×** | **${(alWarm.seconds / median(warm)).toFixed(0)}×** | | |`,
      '',
      `Target (issue 16): at least 20× faster than ansible-lint. This run: ${verdict(alFirst.seconds / first.seconds)} on the first run, ` +
        `${verdict(alWarm.seconds / median(warm))} on later runs. relia's time crosses four processes (the CLI, the service, its ` +
        'lint worker, PostgreSQL) on 2 cores, so it suffers more than ansible-lint\'s single process from a loaded machine: compare the load.',
      '',
      `\`relia --help\` starts in **${helpMs.toFixed(0)} ms** (median of 11; the budget is 300 ms).`,
      '',
      '',
    ].join('\n');
    process.stdout.write(`${section}\n`);
    writeSection(section);
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    rmSync(work, { recursive: true, force: true });
  }
}

/** Replaces this bench's section of bench/RESULTS.md (or appends it). */
function writeSection(section: string): void {
  const path = join(__dirname, 'RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(HEADING);
  if (start < 0) return writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
  const next = text.indexOf('\n## ', start + HEADING.length);
  writeFileSync(path, `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next + 1)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
