import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from '../api';
import { CliError, EXIT } from '../exit-codes';
import { readSse } from './sse-reader';

/** A task's change as GET /tasks/{id}/events sends it. */
export interface TaskChange {
  task_id: string;
  type: string;
  status: string;
  progress: number;
  details: Record<string, unknown>;
  error: { code: string; message: string } | null;
  cancel_requested?: boolean;
  seq: number;
}

const FINISHED = new Set(['completed', 'failed', 'canceled']);
export const isFinished = (status: string): boolean => FINISHED.has(status);

/** Reconnections in a row that may fail before the service counts as gone. */
const MAX_RETRIES = 8;
const MAX_DELAY_MS = 5000;

/**
 * Every change of a task until it finishes, across dropped connections: each reconnection sends
 * the last event id as `Last-Event-ID`, so the service resumes after it (nothing repeated,
 * nothing lost), after the `retry:` delay the service asked for (capped, growing on failures).
 */
export async function* followTask(api: Api, taskId: string, signal: AbortSignal): AsyncGenerator<TaskChange> {
  let lastId: string | undefined;
  let delay = 500;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) };
      const res = await api.send('GET', `/tasks/${taskId}/events`, { headers, signal });
      for await (const message of readSse(res.body!, (ms) => (delay = Math.min(ms, MAX_DELAY_MS)))) {
        failures = 0;
        if (message.id) lastId = message.id;
        const change = JSON.parse(message.data) as TaskChange;
        yield change;
        if (isFinished(change.status)) return;
      }
    } catch (error) {
      if (signal.aborted) return;
      // A refused token or an unknown task will not get better by retrying.
      if (error instanceof CliError && error.exitCode !== EXIT.unreachable) throw error;
      if (++failures > MAX_RETRIES) throw error instanceof CliError ? error : new CliError(`lost the task's event stream: ${(error as Error).message}`, EXIT.unreachable);
    }
    await sleep(Math.min(delay * 2 ** failures, MAX_DELAY_MS), undefined, { signal }).catch(() => undefined);
  }
}
