import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunCgroup } from './cgroup';
import { detectCgroupV2 } from './detect';

/**
 * cgroup v2 as files: this host may offer no v2 controllers (the integration specs use what it
 * has), so the v2 layout is checked against a directory shaped like a delegated cgroup. What the
 * kernel does with the values is not tested here.
 */
describe('cgroup v2 run cgroups (on a directory shaped like one)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'relia-cgv2-'));
    writeFileSync(join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    writeFileSync(join(root, 'cgroup.subtree_control'), '');
    writeFileSync(join(root, 'cgroup.procs'), '');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('uses a configured delegated cgroup: enables memory, pids and cpu below it, and in its runs directory', () => {
    const parents = detectCgroupV2(root);
    expect(parents).toEqual({ version: 2, parents: { unified: join(root, 'relia-runs') } });
    expect(readFileSync(join(root, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
    expect(readFileSync(join(root, 'relia-runs', 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
  });

  it('refuses a cgroup without the memory or pids controller', () => {
    writeFileSync(join(root, 'cgroup.controllers'), 'cpu io\n');
    expect(detectCgroupV2(root)).toBeUndefined();
  });

  it('writes memory.max, no swap, pids.max, cpu.max and a low cpu.weight; an OOM kill or a refused fork is a hit', async () => {
    const parents = detectCgroupV2(root)!;
    const cg = RunCgroup.create(parents, { memoryMb: 256, processes: 64, cpuShare: 0.5 });
    const [procs] = cg.procsFiles;
    const dir = join(procs, '..');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    expect([read('memory.max'), read('memory.swap.max'), read('pids.max'), read('cpu.max'), read('cpu.weight')])
      .toEqual([String(256 * 1024 * 1024), '0', '64', '50000 100000', '50']);
    expect(cg.hit()).toBeUndefined();
    writeFileSync(join(dir, 'pids.events'), 'max 3\n');
    expect(cg.hit()).toBe('processes');
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\n');
    expect(cg.hit()).toBe('memory');
    await cg.destroy(); // no members: returns at once
  });
});
