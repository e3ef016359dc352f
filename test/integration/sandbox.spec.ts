import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxed } from '../../src/playbooks/runner/sandbox';
import { describeWithAnsible } from '../support/ansible';

/** The bwrap sandbox itself: what a run can see of the service's own files. */
describeWithAnsible('the test runner sandbox', () => {
  const service = mkdtempSync(join(tmpdir(), 'relia-install-'));
  const workspace = mkdtempSync(join(tmpdir(), 'relia-ws-'));
  const file = join(service, 'plugin.py');
  writeFileSync(file, 'plugin\n');
  afterAll(() => [service, workspace].forEach((d) => rmSync(d, { recursive: true, force: true })));

  const run = (command: string[], readable: string[]) => {
    const [bwrap, ...args] = sandboxed('bwrap', workspace, command, readable);
    return spawnSync(bwrap, args, { encoding: 'utf8' });
  };

  it('hides /tmp from a run, but shows the service files it is given, read-only', () => {
    // An install under /tmp (or /home) sits behind the sandbox's empty mounts unless passed in.
    expect(run(['cat', file], []).status).not.toBe(0);
    expect(run(['cat', file], [service]).stdout).toBe('plugin\n');
    const write = run(['sh', '-c', `echo x > ${file}`], [service]);
    expect(write.status).not.toBe(0);
    expect(write.stderr).toMatch(/read-only/i);
  });
});
