import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';

const LIMIT = 5;

describe('per-user rate limit (RELIA_RATE_LIMIT_PER_MINUTE)', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestApp({ RELIA_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    [alice, bob] = await Promise.all([t.token('alice'), t.token('bob')]);
  }, 60_000);
  afterAll(() => t.close());

  it('answers 429 problem+json with Retry-After once a user spends the budget, across routes', async () => {
    // One budget per user, not per route: mixing routes does not buy more requests.
    const paths = ['/tasks', '/playbooks', '/tasks', '/playbooks', '/tasks'];
    for (const path of paths) await request(t.url).get(path).auth(alice, { type: 'bearer' }).expect(200);
    const res = await request(t.url).get('/playbooks').auth(alice, { type: 'bearer' });
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, code: 'too_many_requests', retry_after: expect.any(Number) });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body.retry_after).toBe(retryAfter);
  });

  it('keys by the authenticated user, not the address: bob on the same IP still has his budget', async () => {
    for (let i = 0; i < LIMIT; i++) await request(t.url).get('/tasks').auth(bob, { type: 'bearer' }).expect(200);
    expect((await request(t.url).get('/tasks').auth(bob, { type: 'bearer' })).status).toBe(429);
  });

  it('never limits health, docs or the OpenAPI document', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      await request(t.url).get('/health/live').expect(200);
      await request(t.url).get('/docs-json').expect(200);
    }
    await request(t.url).get('/health/ready').auth(alice, { type: 'bearer' }).expect(200);
  });

  it('answers a bad token 401, not 429, although users on this address are throttled', async () => {
    const res = await request(t.url).get('/tasks').auth('garbage', { type: 'bearer' });
    expect(res.status).toBe(401);
  });
});
