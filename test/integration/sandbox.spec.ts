import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  describe('with limits', () => {
    // The service's own directory outside /tmp (like /app or a checkout), its data dir inside it.
    const install = mkdtempSync('/var/tmp/relia-svc-');
    mkdirSync(join(install, 'plugins'));
    mkdirSync(join(install, 'data'));
    writeFileSync(join(install, 'plugins', 'plugin.py'), 'plugin\n');
    writeFileSync(join(install, 'data', 'dev-token-key.json'), 'secret\n');
    afterAll(() => rmSync(install, { recursive: true, force: true }));
    const limits = { diskBytes: 8 * 1024 * 1024, identity: 'userns' as const, masked: [install, join(install, 'data')] };
    const limited = (script: string) => {
      const [bwrap, ...args] = sandboxed('bwrap', workspace, ['sh', '-c', script], [join(install, 'plugins')], limits);
      return spawnSync(bwrap, args, { encoding: 'utf8' });
    };

    it('masks the service\'s own directories, except the paths it is given', () => {
      expect(limited(`cat ${install}/data/dev-token-key.json`).stderr).toMatch(/No such file or directory/);
      expect(limited(`ls -A ${install}`).stdout).toBe('data\nplugins\n'); // mount points only, empty
      expect(limited(`cat ${install}/plugins/plugin.py`).stdout).toBe('plugin\n');
    });

    it('bounds every writable place: /tmp, the workspace, /dev/shm and the masks', () => {
      for (const dir of ['/tmp', workspace, '/dev/shm', '/root']) {
        const fill = limited(`dd if=/dev/zero of=${dir}/fill bs=1M count=40 2>&1; echo rc=$?`);
        expect(`${dir}: ${fill.stdout}`).toMatch(/No space left on device[\s\S]*rc=1/);
      }
    });

    it('runs as uid 65534 in its own user namespace', () => {
      expect(limited('id -u; id -g').stdout).toBe('65534\n65534\n');
    });
  });
});
