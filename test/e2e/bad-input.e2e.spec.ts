import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { storePlaybook } from '../support/playbooks';

describe('bad input gets a clear problem+json error and changes nothing', () => {
  let t: TestApp;
  let alice: string;
  let playbookId: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
    const res = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' })
      .send({ name: 'a.yml', content: '- hosts: all\n' });
    playbookId = res.body.playbook_id;
  });
  afterAll(() => t.close());

  const expectProblem = (res: request.Response, status: number, code: string): void => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/node_modules|\/work\/|at [\w.]+ \(/);
  };

  it('400 for a malformed uuid in the path', async () => {
    expectProblem(await request(t.url).get('/tasks/not-a-uuid').auth(alice, { type: 'bearer' }), 400, 'invalid_id');
    expectProblem(await request(t.url).post('/tasks/123/cancel').auth(alice, { type: 'bearer' }), 400, 'invalid_id');
  });

  it('400 for unknown, missing or wrongly typed fields, naming them', async () => {
    const unknown = await request(t.url).post('/async/lint').auth(alice, { type: 'bearer' })
      .send({ playbook_id: playbookId, colour: 'red' });
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.body.errors).toEqual([{ field: 'colour', message: 'property colour should not exist' }]);
    const typed = await request(t.url).post('/async/lint').auth(alice, { type: 'bearer' }).send({ playbook_id: 42 });
    expectProblem(typed, 400, 'validation_failed');
    expect(typed.body.errors[0].field).toBe('playbook_id');
    const engine = await request(t.url).post('/lint').auth(alice, { type: 'bearer' })
      .send({ playbook_id: playbookId, engine: 'pylint' });
    expectProblem(engine, 400, 'validation_failed');
    expectProblem(await request(t.url).get('/tasks?limit=1000').auth(alice, { type: 'bearer' }), 400, 'validation_failed');
    expectProblem(await request(t.url).get('/tasks?status=done').auth(alice, { type: 'bearer' }), 400, 'validation_failed');
    const noName = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' }).send({ content: 'x' });
    expectProblem(noName, 400, 'validation_failed');
  });

  it('400 for a body that is not JSON', async () => {
    const res = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' })
      .set('Content-Type', 'application/json').send('{"name": ');
    expectProblem(res, 400, 'malformed_body');
  });

  it('401 without a token, with a bad token, or with a token from another key', async () => {
    expectProblem(await request(t.url).get('/tasks'), 401, 'unauthorized');
    const bad = await request(t.url).get('/tasks').auth('not.a.jwt', { type: 'bearer' });
    expectProblem(bad, 401, 'unauthorized');
    expect(bad.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const other = await startTestApp();
    try {
      const foreign = await other.token('alice');
      expectProblem(await request(t.url).get('/tasks').auth(foreign, { type: 'bearer' }), 401, 'unauthorized');
    } finally {
      await other.close();
    }
  });

  it('413 for a body over the limit, and for content over 1 MiB; nothing is stored', async () => {
    const huge = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' })
      .send({ name: 'big.yml', content: 'x'.repeat(3 * 1024 * 1024) });
    expectProblem(huge, 413, 'payload_too_large');
    const big = await request(t.url).post('/playbooks').auth(alice, { type: 'bearer' })
      .send({ name: 'big.yml', content: 'é'.repeat(600 * 1024) });
    expectProblem(big, 413, 'payload_too_large');
    const list = await request(t.url).get('/playbooks?limit=100').auth(alice, { type: 'bearer' }).expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(['a.yml']);
  });

  it('404 for a playbook that is not yours, on every playbook route and on lint', async () => {
    const bob = await t.token('bob');
    for (const req of [
      request(t.url).get(`/playbooks/${playbookId}`),
      request(t.url).put(`/playbooks/${playbookId}`).send({ name: 'x', content: 'y' }),
      request(t.url).delete(`/playbooks/${playbookId}`),
      request(t.url).post('/async/lint').send({ playbook_id: playbookId }),
    ]) {
      expectProblem(await req.auth(bob, { type: 'bearer' }), 404, 'not_found');
    }
    expect((await request(t.url).get('/tasks').auth(bob, { type: 'bearer' })).body.items).toEqual([]);
  });

  it('404 problem for an unknown route', async () => {
    expectProblem(await request(t.url).get('/nope').auth(alice, { type: 'bearer' }), 404, 'not_found');
  });

  it('broken YAML is a lint finding, not a 500', async () => {
    const playbookId = await storePlaybook(t, alice, '- hosts: all\n\ttasks: [\n', 'tabs.yml');
    const res = await request(t.url).post('/lint').auth(alice, { type: 'bearer' }).send({ playbook_id: playbookId });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.result.findings.length).toBeGreaterThan(0);
  });

  it('Idempotency-Key: the same request answers the same task, a different one 409', async () => {
    const send = (body: object) => request(t.url).post('/async/lint').auth(alice, { type: 'bearer' })
      .set('Idempotency-Key', 'k-1').send(body);
    const first = await send({ playbook_id: playbookId }).expect(202);
    const again = await send({ playbook_id: playbookId }).expect(200);
    expect(again.body.task_id).toBe(first.body.task_id);
    expectProblem(await send({ playbook_id: playbookId, profile: 'min' }), 409, 'idempotency_conflict');
  });
});
