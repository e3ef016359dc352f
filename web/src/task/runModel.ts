import type { TaskOutcome } from '../api/types';
import type { Moment } from './useLiveTask';

/** Plays, then tasks, then hosts: what the test run view shows, live or from the result. */
export interface RunPlay {
  name: string;
  tasks: RunTask[];
}
export interface RunTask {
  name: string;
  status: string;
  durationMs?: number;
  hosts: Array<{ host: string; status: string; durationMs?: number; message?: string }>;
}

/**
 * While the run goes on: each progress moment names the play, task and host it is at, so a task
 * is running until the next one starts, and then done (its outcome comes with the result).
 */
export function liveModel(moments: Moment[], now: number): RunPlay[] {
  const plays: RunPlay[] = [];
  const started = new Map<RunTask, number>();
  let last: RunTask | undefined;
  for (const m of moments) {
    const play = typeof m.details.play === 'string' ? m.details.play : '';
    const name = typeof m.details.task === 'string' ? m.details.task : '';
    if (!play && !name) continue;
    let p = plays.at(-1);
    if (!p || p.name !== play) plays.push((p = { name: play, tasks: [] }));
    let task = p.tasks.at(-1);
    if (name && (!task || task.name !== name)) {
      if (last) finish(last, m.at, started);
      p.tasks.push((task = { name, status: 'running', hosts: [] }));
      started.set(task, m.at);
      last = task;
    }
    const host = typeof m.details.host === 'string' ? m.details.host : undefined;
    if (task && host && !task.hosts.some((h) => h.host === host)) task.hosts.push({ host, status: 'done' });
  }
  if (last) last.durationMs = now - (started.get(last) ?? now);
  return plays;
}

function finish(task: RunTask, at: number, started: Map<RunTask, number>): void {
  task.status = 'done';
  task.durationMs = at - (started.get(task) ?? at);
}

/** After the run: the result's per-host outcomes, grouped the same way. */
export function resultModel(outcomes: TaskOutcome[]): RunPlay[] {
  const plays: RunPlay[] = [];
  for (const o of outcomes) {
    let p = plays.find((x) => x.name === o.play);
    if (!p) plays.push((p = { name: o.play, tasks: [] }));
    let task = p.tasks.at(-1);
    if (!task || task.name !== o.name) p.tasks.push((task = { name: o.name, status: o.status, durationMs: 0, hosts: [] }));
    task.hosts.push({ host: o.host, status: o.status, durationMs: o.duration_ms, message: o.message });
    task.durationMs = Math.max(task.durationMs ?? 0, o.duration_ms);
    task.status = worst(task.status, o.status);
  }
  return plays;
}

const RANK = ['skipped', 'ok', 'changed', 'unreachable', 'failed'];
const worst = (a: string, b: string): string => (RANK.indexOf(b) > RANK.indexOf(a) ? b : a);
