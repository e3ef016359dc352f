import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { cliEnv, makeProject, runCli, startCli } from '../support/cli';
import { freePort, startTestIssuer, TestIssuer } from '../support/oidc-issuer';
import { codeClimateShapeErrors, parseJunit, sarifSchemaErrors } from '../support/report-checks';

const FLAWED = '- hosts: all\n  tasks:\n    - shell: echo hi\n';
const CLEAN = '---\n- name: Clean play\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: Say hi\n      ansible.builtin.debug:\n        msg: hi\n';

/**
 * The `relia` command end to end: a real service started here, a real OIDC issuer on loopback
 * with the device grant (the test approves the code as the user would), the CLI in its own
 * process as a user runs it.
 */
describe('relia CLI: login, lint, formats, exit codes', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let configHome: string;
  let project: string;
  const env = (extra: Record<string, string | undefined> = {}) => cliEnv(configHome, { RELIA_URL: t.url, ...extra });
  const relia = (args: string[], extra: Record<string, string | undefined> = {}, cwd = project) =>
    runCli(args, { env: env(extra), cwd, timeoutMs: 60_000 });
  const credentials = () => join(configHome, 'relia', 'credentials.json');

  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startTestApp({ RELIA_OIDC_ISSUER: issuer.url, RELIA_OIDC_AUDIENCE: 'relia', RELIA_OIDC_CLIENT_ID: issuer.deviceClient.id,
      RELIA_OIDC_SCOPES: 'openid offline_access' });
    configHome = mkdtempSync(join(tmpdir(), 'relia-cli-config-'));
    project = makeProject('webservers', {
      'site.yml': FLAWED,
      'clean.yml': CLEAN,
      '.gitignore': 'secret.yml\nbuild/\n',
      'secret.yml': FLAWED,
      'build/out.yml': FLAWED,
      '.ansible-lint': 'exclude_paths:\n  - excluded/\n',
      'excluded/bad.yml': FLAWED,
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  it('says "not signed in" in one line, exit 5, before any login', async () => {
    const run = await relia(['lint']);
    expect(run.code).toBe(5);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^relia: not signed in to .*relia login/)]);
  });

  it('relia login: the device grant, approved at the issuer; the refresh token kept 0600; whoami names the user', async () => {
    const login = startCli(['login'], { env: env(), cwd: project, timeoutMs: 40_000 });
    const [, code] = await login.waitFor(/enter the code (\S+)/);
    await issuer.approveDevice(code, 'alice');
    const done = await login.done;
    expect(done.stderr).toMatch(/signed in to .* as alice/);
    expect(done.code).toBe(0);
    expect(statSync(credentials()).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(credentials(), 'utf8'))[t.url];
    expect(stored).toEqual(expect.objectContaining({ issuer: issuer.url, refresh_token: expect.any(String), subject: 'alice' }));
    const whoami = await relia(['whoami']);
    expect([whoami.code, whoami.stdout]).toEqual([0, 'alice\n']);
  }, 45_000);

  it('relia lint packs the directory (no .git, .gitignore and exclude_paths respected) and fails with exit 2 on errors', async () => {
    const run = await relia(['lint', '-f', 'json']);
    expect(run.code).toBe(2);
    const subject = JSON.parse(run.stdout);
    const files = subject.result.files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['site.yml', 'clean.yml']));
    for (const hidden of ['secret.yml', 'build/out.yml', 'excluded/bad.yml', '.git/HEAD']) expect(files).not.toContain(hidden);
    expect(run.stderr).toMatch(/failed: \d+ error\(s\), \d+ warning\(s\) — task [0-9a-f-]{36}/);
    // No TTY here: plain progress lines, no escape codes.
    expect(run.stderr).toMatch(/^task [0-9a-f-]{36} (pending|running|completed) \d+%/m);
    expect(run.stderr).not.toContain('\x1b');
  });

  it('each format: pep8 lines, Code Climate’s shape, SARIF against the schema, JUnit parsed', async () => {
    const pep8 = await relia(['lint', '-f', 'pep8']);
    expect(pep8.code).toBe(2);
    expect(pep8.stdout).toMatch(/^site\.yml:\d+(:\d+)?: [a-z-]+(\[[a-z-]+\])?: .+$/m);
    const cc = await relia(['lint', '-f', 'codeclimate']);
    expect(codeClimateShapeErrors(JSON.parse(cc.stdout))).toEqual([]);
    const out = join(project, '..', 'relia.sarif');
    const sarif = await relia(['lint', '-f', 'sarif', '-o', out]);
    expect([sarif.code, sarif.stdout]).toEqual([2, '']);
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results.every((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'site.yml')).toBe(true);
    const junit = parseJunit((await relia(['lint', '-f', 'junit'])).stdout);
    expect(junit.failures).toBeGreaterThan(0);
    const json = JSON.parse((await relia(['lint', '-f', 'json'])).stdout);
    expect(json).toEqual(expect.objectContaining({ type: 'lint', status: 'completed', result: expect.objectContaining({ passed: false }) }));
  });

  it('PATH narrows the report; warnings pass unless --strict (exit 2)', async () => {
    const clean = await relia(['lint', 'clean.yml']);
    expect([clean.code, clean.stdout]).toEqual([0, '']);
    const pep8 = (await relia(['lint', '-f', 'pep8', 'site.yml'])).stdout;
    const rules = [...new Set(pep8.trim().split('\n').map((l) => l.split(': ')[1]))];
    const warned = await relia(['lint', '-w', rules.join(','), 'site.yml']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/passed: 0 error\(s\), [1-9]\d* warning\(s\)/);
    const strict = await relia(['lint', '--strict', '-w', rules.join(','), 'site.yml']);
    expect(strict.code).toBe(2);
  });

  it('relia tasks, tasks show -f, watch of a finished task, cancel of a finished one', async () => {
    const list = await relia(['tasks', '--type', 'lint', '--limit', '3']);
    expect(list.code).toBe(0);
    const id = list.stdout.split(/\s+/)[0];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const show = await relia(['tasks', 'show', id, '-f', 'sarif']);
    expect(sarifSchemaErrors(JSON.parse(show.stdout))).toEqual([]);
    const watch = await relia(['watch', id, '-f', 'pep8']);
    expect(watch.code).toBe(0);
    const cancel = await relia(['cancel', id]);
    expect([cancel.code, cancel.stderr]).toEqual([4, `task ${id} has already finished\n`]);
  });

  it('an expired access token is refreshed by itself; a refused one is renewed once and retried', async () => {
    const all = JSON.parse(readFileSync(credentials(), 'utf8'));
    const before = all[t.url];
    writeFileSync(credentials(), JSON.stringify({ ...all, [t.url]: { ...before, expires_at: 0 } }));
    expect((await relia(['tasks'])).code).toBe(0);
    const refreshed = JSON.parse(readFileSync(credentials(), 'utf8'))[t.url];
    expect(refreshed.access_token).not.toBe(before.access_token);
    expect(refreshed.expires_at).toBeGreaterThan(Date.now() / 1000);
    // The service refuses this token (not the issuer's), though it looks unexpired: one renewal, then success.
    writeFileSync(credentials(), JSON.stringify({ [t.url]: { ...refreshed, access_token: 'not-a-token' } }));
    expect((await relia(['tasks'])).code).toBe(0);
    expect(JSON.parse(readFileSync(credentials(), 'utf8'))[t.url].access_token).not.toBe('not-a-token');
  });

  it('RELIA_TOKEN wins over the login; a refused token is one line and exit 6', async () => {
    const bob = await issuer.mint({ sub: 'bob' });
    expect((await relia(['whoami'], { RELIA_TOKEN: bob })).stdout).toBe('bob\n');
    const refused = await relia(['tasks'], { RELIA_TOKEN: 'garbage' });
    expect(refused.code).toBe(6);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^relia: the service refused the token .*RELIA_TOKEN/)]);
  });

  it('an expired login (the refresh token refused) is one line and exit 5', async () => {
    const all = JSON.parse(readFileSync(credentials(), 'utf8'));
    writeFileSync(credentials(), JSON.stringify({ [t.url]: { ...all[t.url], expires_at: 0, refresh_token: 'revoked' } }));
    const run = await relia(['tasks']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^relia: your login to .* expired: run `relia login` again\n$/);
    writeFileSync(credentials(), JSON.stringify(all));
  });

  it('a service that is down, or none configured: one line, exit 7', async () => {
    // As in CI: a service-account token, and a service URL nothing listens on.
    const down = await relia(['lint'], { RELIA_URL: `http://127.0.0.1:${await freePort()}`, RELIA_TOKEN: await issuer.mint() });
    expect(down.code).toBe(7);
    expect(down.stderr).toMatch(/^relia: cannot reach Relia at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/);
    const none = await relia(['tasks'], { RELIA_URL: undefined });
    expect([none.code, none.stderr]).toEqual([7, 'relia: no Relia service: pass --url or set RELIA_URL\n']);
  });

  it('usage errors exit 4; every subcommand has --help', async () => {
    expect((await relia(['lint', '--profile', 'nope'])).code).toBe(4);
    expect((await relia(['test'])).code).toBe(4);
    expect((await relia(['frobnicate'])).code).toBe(4);
    for (const sub of [[], ['lint'], ['test'], ['tasks'], ['tasks', 'show'], ['watch'], ['cancel'], ['login'], ['logout'], ['whoami']]) {
      const help = await relia([...sub, '--help']);
      expect([sub, help.code, help.stdout]).toEqual([sub, 0, expect.stringContaining('Usage: relia')]);
    }
  });

  it('the API saw the projects the CLI uploaded, named after the directory', async () => {
    const token = await issuer.mint({ sub: 'alice' });
    const res = await request(t.url).get('/projects').auth(token, { type: 'bearer' }).expect(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['webservers']);
  });
});
