/** A parsed Server-Sent Event. */
export interface SseEvent {
  id?: string;
  data: any;
}

export interface SseClient {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  comments: string[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Waits for an event matching `predicate` (already received or coming). */
  next(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens an event stream with fetch and parses it as it arrives, the way EventSource does. */
export async function openSse(url: string, token: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((w) => w());
  let ended = false;
  const pump = async (): Promise<void> => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          parseBlock(buffer.slice(0, cut), events, comments);
          buffer = buffer.slice(cut + 2);
          notify();
        }
      }
    } catch {
      // Aborted by close().
    }
    ended = true;
    notify();
  };
  const done = res.ok ? pump() : Promise.resolve();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    comments,
    ended: done,
    close: () => abort.abort(),
    next: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find(predicate);
          if (found) return finish(() => resolve(found));
          if (ended) finish(() => reject(new Error(`stream ended without it: ${JSON.stringify(events)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no such event in ${timeoutMs} ms: ${JSON.stringify(events)}`))), timeoutMs);
        const finish = (fn: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      }),
  };
}

function parseBlock(block: string, events: SseEvent[], comments: string[]): void {
  const event: { id?: string; data?: string } = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) event.id = line.slice(4);
    else if (line.startsWith('data: ')) event.data = (event.data ? `${event.data}\n` : '') + line.slice(6);
  }
  if (event.data !== undefined) events.push({ id: event.id, data: JSON.parse(event.data) });
}
