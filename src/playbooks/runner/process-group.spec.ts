import { execFileSync } from 'node:child_process';
import { runGroup, type GroupRun } from './process-group';

function groupMembers(pgid: number): string[] {
  const ps = execFileSync('ps', ['-eo', 'pgid=,stat=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.trim().split(/\s+/)[0] === String(pgid) && !l.trim().split(/\s+/)[1].startsWith('Z'));
}

function shell(script: string, stop: AbortSignal, seen: { pid?: number; out: string; events: string[] }): GroupRun {
  return {
    argv: ['sh', '-c', script],
    env: { PATH: '/usr/bin:/bin' },
    cwd: '/',
    onChild: (pid) => (seen.pid = pid),
    onOutput: (chunk) => (seen.out += chunk.toString()),
    onEvent: (line) => seen.events.push(line),
    stop,
  };
}

describe('runGroup', () => {
  it('passes output, fd 3 lines and the exit code through', async () => {
    const seen = { out: '', events: [] as string[] };
    const exit = await runGroup(shell('echo out; echo err >&2; echo \'{"a":1}\' >&3; exit 3', new AbortController().signal, seen));
    expect(exit).toEqual({ code: 3, signal: null, stopped: false });
    expect(seen.out).toContain('out');
    expect(seen.out).toContain('err');
    expect(seen.events).toEqual(['{"a":1}']);
  });

  it('kills the whole group, background jobs included, when stopped', async () => {
    const stop = new AbortController();
    const seen: { pid?: number; out: string; events: string[] } = { out: '', events: [] };
    const run = runGroup(shell('sleep 31 & sleep 32 & echo started; wait', stop.signal, seen));
    while (!seen.out.includes('started')) await new Promise((r) => setTimeout(r, 20));
    const at = Date.now();
    stop.abort();
    await expect(run).resolves.toMatchObject({ stopped: true });
    expect(Date.now() - at).toBeLessThan(1500);
    expect(groupMembers(seen.pid!)).toEqual([]);
  });

  it('kills what the leader leaves behind when it exits', async () => {
    const seen: { pid?: number; out: string; events: string[] } = { out: '', events: [] };
    const at = Date.now();
    await expect(runGroup(shell('sleep 33 & exit 0', new AbortController().signal, seen))).resolves.toMatchObject({ code: 0 });
    expect(Date.now() - at).toBeLessThan(1500);
    expect(groupMembers(seen.pid!)).toEqual([]);
  });

  it('rejects when the program cannot start', async () => {
    const run = runGroup({ ...shell('', new AbortController().signal, { out: '', events: [] }), argv: ['/nonexistent/bin'] });
    await expect(run).rejects.toThrow(/ENOENT/);
  });
});
