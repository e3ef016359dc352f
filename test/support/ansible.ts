import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { WorkContext } from '../../src/executor/work-context';
import { findExecutable, sandboxAvailable } from '../../src/playbooks/runner/sandbox';

/**
 * Runner specs need the real ansible-playbook and bubblewrap. Missing tools fail loudly under
 * CI=true (a green CI that tested nothing is worse than a red one) and skip the specs elsewhere.
 */
export function describeWithAnsible(name: string, body: () => void): void {
  const missing = [
    findExecutable(process.env.RELIA_ANSIBLE_PLAYBOOK ?? 'ansible-playbook') ? null : 'ansible-core',
    sandboxAvailable() ? null : 'bubblewrap',
  ].filter(Boolean);
  if (missing.length === 0) return describe(name, body);
  const message = `${name}: needs ${missing.join(' and ')} (apt-get install -y ${missing.join(' ')})`;
  if (process.env.CI === 'true') {
    describe(name, () => it('has its tools installed', () => { throw new Error(message); }));
  } else {
    console.warn(`SKIPPED ${message}`);
    describe.skip(name, body);
  }
}

export interface RecordedContext extends WorkContext {
  controller: AbortController;
  progressCalls: Array<{ percent: number; details?: Record<string, unknown>; at: number }>;
  children: number[];
  /** Command lines of the tracked children, read when they were tracked. */
  commandLines: string[];
}

export function recordingContext(): RecordedContext {
  const controller = new AbortController();
  const ctx: RecordedContext = {
    controller,
    signal: controller.signal,
    progressCalls: [],
    children: [],
    commandLines: [],
    progress: (percent, details) => ctx.progressCalls.push({ percent, details, at: Date.now() }),
    trackChild: (pid) => {
      ctx.children.push(pid);
      ctx.commandLines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
    },
  };
  return ctx;
}

/** Processes still alive (not zombies) in a tracked group or whose command line has a marker. */
export function leftoverProcesses(ctx: RecordedContext, markers: string[]): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => {
    const [pid, pgid, stat] = line.trim().split(/\s+/);
    if (!pid || stat.startsWith('Z') || Number(pid) === process.pid) return false;
    return ctx.children.includes(Number(pgid)) || markers.some((m) => line.includes(m));
  });
}

/** The workspace directory a tracked command line points into (its playbook path). */
export function workspacesOf(ctx: RecordedContext): string[] {
  return [...new Set(ctx.commandLines.flatMap((c) => c.match(/\/\S*relia-run-[^/\s]+/g) ?? []))];
}
