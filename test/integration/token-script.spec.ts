import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DevTokenVerifier } from '../../src/auth/dev-token';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run token` the way a developer does (tsx, a fresh process), without npm's own chatter. */
async function token(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const clean = { ...process.env, RELIA_OIDC_ISSUER: '', NODE_ENV: 'development', ...env };
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/token.ts', ...args], { cwd: ROOT, env: clean });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as Outcome;
    return { code, stdout, stderr };
  }
}

describe('npm run token', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'relia-token-script-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints only a token that the dev verifier of the same data directory accepts', async () => {
    const { code, stdout, stderr } = await token(['alice', '--admin', '--ttl', '60'], { RELIA_DATA_DIR: dataDir });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verifier = await DevTokenVerifier.fromDataDir(dataDir, 'relia-admin');
    await expect(verifier.verify(stdout.trim())).resolves.toEqual({ userId: 'alice', roles: ['relia-admin'], isAdmin: true });
  });

  it.each([[[]], [['a b']], [['alice', '--ttl', 'soon']], [['alice', '--bogus']]])('explains its usage for %j', async (args) => {
    const { code, stdout, stderr } = await token(args, { RELIA_DATA_DIR: dataDir });
    expect({ code, stdout }).toEqual({ code: 64, stdout: '' });
    expect(stderr).toContain('usage: npm run token -- <user>');
  });

  it.each([
    [{ RELIA_OIDC_ISSUER: 'https://sso.example.com/realms/x' }, /RELIA_OIDC_ISSUER is set/],
    [{ NODE_ENV: 'production' }, /refused in production/],
  ])('refuses with %j', async (env, message) => {
    const { code, stdout, stderr } = await token(['alice'], { RELIA_DATA_DIR: dataDir, ...env });
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(message);
  });
});
