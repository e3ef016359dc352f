import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RELIA_BIN } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');

/** The ```yaml blocks of docs/ci.md by their first line (`# file name`), parsed. */
const recipes = new Map([...doc.matchAll(/```yaml\n# ([^\n]+)\n([\s\S]*?)```/g)].map((m) => [m[1], parse(m[2])]));

/** Every `relia …` command line of a recipe. */
const reliaCommands = (texts: string[]): string[][] =>
  texts.filter((t) => /^relia /.test(t)).map((t) => t.split(/\s+/));

const help = (sub: string): string => execFileSync(process.execPath, [RELIA_BIN, sub, '--help'], { encoding: 'utf8' });

/** Each option the recipe passes is one the CLI's subcommand documents; formats are real ones. */
function expectRealOptions(command: string[]): void {
  const [, sub, ...args] = command;
  const text = help(sub);
  for (const arg of args.filter((a) => a.startsWith('-'))) expect([arg, text.includes(arg)]).toEqual([arg, true]);
  const format = args[args.indexOf('-f') + 1];
  if (args.includes('-f')) expect(text).toContain(`"${format}"`);
}

describe('docs/ci.md recipes', () => {
  it('has the three recipes', () => {
    expect([...recipes.keys()]).toEqual(['.github/workflows/relia.yml', '.gitlab-ci.yml', '.pre-commit-config.yaml',
      '.pre-commit-config.yaml (local)']);
  });

  it('GitHub Actions: relia lint -f sarif -o FILE, then upload-sarif of that FILE, with the service account from secrets', () => {
    const wf = recipes.get('.github/workflows/relia.yml');
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = wf.jobs.lint;
    expect(job.permissions['security-events']).toBe('write');
    expect(job.env).toEqual({ RELIA_URL: expect.stringMatching(/\$\{\{ (vars|secrets)\.RELIA_URL \}\}/), RELIA_TOKEN: '${{ secrets.RELIA_TOKEN }}' });
    const [lint] = reliaCommands(job.steps.map((s: { run?: string }) => s.run ?? ''));
    expectRealOptions(lint);
    expect(lint.slice(0, 2)).toEqual(['relia', 'lint']);
    expect(lint[lint.indexOf('-f') + 1]).toBe('sarif');
    const upload = job.steps.find((s: { uses?: string }) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.with.sarif_file).toBe(lint[lint.indexOf('-o') + 1]);
    expect(upload.if).toContain('always()');
    for (const step of job.steps) expect(Object.keys(step).every((k) => ['uses', 'run', 'with', 'if', 'name', 'env'].includes(k))).toBe(true);
  });

  it('GitLab CI: relia lint -f codeclimate -o FILE, and FILE is the codequality report, kept always', () => {
    const job = recipes.get('.gitlab-ci.yml')['relia-lint'];
    expect(job.variables.RELIA_URL).toMatch(/^https:/);
    const [lint] = reliaCommands(job.script);
    expectRealOptions(lint);
    expect(lint[lint.indexOf('-f') + 1]).toBe('codeclimate');
    expect(job.artifacts).toEqual({ when: 'always', reports: { codequality: lint[lint.indexOf('-o') + 1] } });
  });

  it('pre-commit: the shipped hook and the local one run relia lint on YAML files, once', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    const remote = recipes.get('.pre-commit-config.yaml').repos[0];
    expect(remote.hooks.map((h: { id: string }) => h.id)).toEqual([hooks[0].id]);
    const local = recipes.get('.pre-commit-config.yaml (local)').repos[0];
    expect(local.repo).toBe('local');
    for (const hook of [hooks[0], local.hooks[0]]) {
      expect(hook).toEqual(expect.objectContaining({ id: 'relia-lint', files: '\\.ya?ml$', require_serial: true }));
      expectRealOptions(hook.entry.split(/\s+/));
    }
    expect(hooks[0].language).toBe('node');
  });
});
