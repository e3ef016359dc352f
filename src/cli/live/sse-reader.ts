/** One Server-Sent Event (only the fields Relia sends). */
export interface SseMessage {
  id?: string;
  data: string;
}

/**
 * Reads an event stream (WHATWG "text/event-stream") from a fetch body: blocks end at a blank
 * line, `:` lines are comments (heartbeats), `retry:` is the reconnection delay.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, onRetry: (ms: number) => void): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const message = parseBlock(buffer.slice(0, cut), onRetry);
      buffer = buffer.slice(cut + 2);
      if (message) yield message;
    }
  }
}

function parseBlock(block: string, onRetry: (ms: number) => void): SseMessage | undefined {
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  }
  return data.length ? { id, data: data.join('\n') } : undefined;
}
