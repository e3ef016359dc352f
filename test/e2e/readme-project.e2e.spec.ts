import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describeWithAnsible } from '../support/ansible';
import { startTestApp, TestApp } from '../support/app';

const REPO = resolve(__dirname, '..', '..');

/** The README's project walk-through, run as it is written: tar czf, curl --data-binary, lint, test. */
function walkthrough(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- walkthrough:project');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (start < 0 || !block) throw new Error('README.md has no walkthrough:project block');
  return block[1];
}

describeWithAnsible('README: the project walk-through', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'relia-readme-'));

  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads the project, lints it and tests its site.yml', async () => {
    // Only where it runs changes: the test's service, and npm from this checkout.
    const script = walkthrough().replaceAll('localhost:3000', new URL(t.url).host).replaceAll('npm run', `npm --prefix ${REPO} run`);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir, env: { ...process.env, RELIA_DATA_DIR: t.dataDir }, timeout: 90_000,
    });
    const [lint, test] = stdout.trim().split(/\n(?=\{)/).map((chunk) => JSON.parse(chunk));
    expect(lint.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['site.yml', 'roles/web/tasks/main.yml']));
    expect(lint.files.find((f: { path: string }) => f.path === 'site.yml').kind).toBe('playbook');
    expect(test).toEqual({ passed: true, tasks: ['web : Greet', 'web : More', 'web : Included'] });
  }, 120_000);
});
