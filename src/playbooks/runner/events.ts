import type { HostRecap, TaskOutcome, TaskStatus } from './test-run.types';

/** The JSON lines plugins/relia_progress.py writes, one per playbook event. */
export type RunEvent =
  | { event: 'playbook_start'; total_tasks: number }
  | { event: 'play_start'; play: string }
  | { event: 'task_start'; play: string; task: string; handler?: boolean }
  | { event: 'runner_start'; task: string; host: string }
  | { event: 'task_result'; play: string; task: string; host: string; status: TaskStatus; duration_ms: number; message?: string | null }
  | { event: 'stats'; hosts: Record<string, HostRecap> };

const KNOWN = new Set(['playbook_start', 'play_start', 'task_start', 'runner_start', 'task_result', 'stats']);

/** One event, or undefined for a line that is not one (never throws: progress is best effort). */
export function parseEvent(line: string): RunEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    const kind = (value as { event?: unknown } | null)?.event;
    return typeof kind === 'string' && KNOWN.has(kind) ? (value as RunEvent) : undefined;
  } catch {
    return undefined;
  }
}

export function toTaskOutcome(e: Extract<RunEvent, { event: 'task_result' }>): TaskOutcome {
  const outcome: TaskOutcome = { play: e.play, name: e.task, host: e.host, status: e.status, duration_ms: e.duration_ms };
  if (e.message) outcome.message = e.message;
  return outcome;
}
