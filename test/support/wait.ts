import request from 'supertest';
import type { TestApp } from './app';

const FINISHED = ['completed', 'failed', 'canceled'];

/** Polls GET /tasks/{id} until the task is finished (or `until` says so), as a client would. */
export async function waitForTask(
  t: TestApp,
  token: string,
  id: string,
  until: (task: Record<string, unknown>) => boolean = (task) => FINISHED.includes(task.status as string),
  timeoutMs = 20_000,
): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(t.url).get(`/tasks/${id}`).auth(token, { type: 'bearer' });
    if (res.status === 200 && until(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`task ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
