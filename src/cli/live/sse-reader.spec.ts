import { readSse } from './sse-reader';

function body(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(encoder.encode(chunk)); c.close(); } });
}

describe('readSse', () => {
  it('joins blocks split across chunks, skips comments, reads id and retry, handles CRLF', async () => {
    const retries: number[] = [];
    const messages = [];
    for await (const m of readSse(body(['retry: 2000\n\n: heart', 'beat\n\nid: 7\nda', 'ta: {"a":1}\n\nid: 8\r\ndata: x\r\ndata: y\r\n\r\n']), (ms) => retries.push(ms))) {
      messages.push(m);
    }
    expect(messages).toEqual([{ id: '7', data: '{"a":1}' }, { id: '8', data: 'x\ny' }]);
    expect(retries).toEqual([2000]);
  });
});
