import { currentSession } from '../auth/session';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface StreamHandlers<T> {
  onEvent(data: T, id: string | undefined): void;
  onState?(state: StreamState): void;
}

/**
 * Server-Sent Events over fetch, since EventSource cannot send an Authorization header (and the
 * token must not go into the URL). Reconnects when the stream drops, after the server's `retry:`
 * or with backoff, and resumes with Last-Event-ID, as EventSource would. A stream the server
 * ends normally (a finished task's) is not reopened. Returns a function that stops it.
 */
export function openStream<T>(path: string, handlers: StreamHandlers<T>): () => void {
  const abort = new AbortController();
  let lastId: string | undefined;
  let retryMs = 2000;
  let failures = 0;

  const setState = (state: StreamState) => handlers.onState?.(state);

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      setState(failures ? 'reconnecting' : 'connecting');
      try {
        const ended = await readOnce();
        if (ended) return setState('ended');
      } catch (error) {
        if (abort.signal.aborted) return;
        if ((error as { status?: number }).status === 401 || (error as { status?: number }).status === 404) return setState('ended');
      }
      failures += 1;
      setState('reconnecting');
      await sleep(Math.min(retryMs * 2 ** Math.min(failures - 1, 4), 30_000), abort.signal);
    }
  };

  /** One connection; true when the server closed it normally after the stream's end. */
  const readOnce = async (): Promise<boolean> => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const session = currentSession();
    if (session) headers.authorization = `Bearer ${session.token}`;
    if (lastId) headers['last-event-id'] = lastId;
    const response = await fetch(path, { headers, signal: abort.signal, cache: 'no-store' });
    if (!response.ok || !response.body) throw Object.assign(new Error('stream refused'), { status: response.status });
    failures = 0;
    setState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return finished;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  };

  // A task's own stream ends after its final event; the all-tasks stream never ends on its own.
  let finished = false;
  const dispatch = (block: string) => {
    let data = '';
    let id: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data += line.slice(5).trimStart();
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('retry:')) retryMs = Number(line.slice(6)) || retryMs;
    }
    if (id) lastId = id;
    if (!data) return;
    const parsed = JSON.parse(data) as T & { status?: string };
    if (['completed', 'failed', 'canceled'].includes(parsed.status ?? '') && path.match(/\/tasks\/[^/]+\/events$/)) finished = true;
    handlers.onEvent(parsed, id);
  };

  void run();
  return () => abort.abort();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
