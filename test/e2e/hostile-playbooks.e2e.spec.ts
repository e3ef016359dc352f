import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectProblem } from '../support/expect-problem';

const MiB = 1024 * 1024;

/** "Billion laughs": ten levels of ten aliases each, 10^9 nodes if expanded. */
const BILLION_LAUGHS = ['- hosts: all', '  vars:', '    a0: &a0 ["lol"]']
  .concat(Array.from({ length: 9 }, (_, i) => `    a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`))
  .concat(['  tasks:', '    - name: Laugh', '      ansible.builtin.debug:', '        var: a9', '']).join('\n');

const HOSTILE: [string, string][] = [
  ['a billion laughs alias bomb', BILLION_LAUGHS],
  ['100,000-deep flow nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
  ['100,000-deep block nesting', `${'- '.repeat(100_000)}x\n`],
  ['1 MiB of flow nesting', `${'['.repeat(MiB / 2)}${']'.repeat(MiB / 2)}`],
  ['1 MiB of mapping nesting', `${'{a: '.repeat(MiB / 4 - 1)}x${''}`.padEnd(MiB, '}')],
];

describe('hostile playbooks through HTTP: bounded load-failure, the service keeps answering', () => {
  let t: TestApp;
  let alice: string;
  const as = () => ({ auth: [alice, { type: 'bearer' as const }] as const });

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
  }, 60_000);
  afterAll(() => t.close());

  it.each(HOSTILE)('%s: stored, then POST /lint answers a load-failure finding quickly', async (_what, content) => {
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(MiB);
    const stored = await request(t.url).post('/playbooks').auth(...as().auth).send({ name: 'bomb.yml', content }).expect(201);
    const started = Date.now();
    const lint = request(t.url).post('/lint').auth(...as().auth).send({ playbook_id: stored.body.playbook_id }).then((r) => r);
    // While the worker chews on it, the HTTP side still answers, fast.
    const probeStarted = Date.now();
    await request(t.url).get('/health/live').expect(200);
    await request(t.url).get('/tasks?limit=1').auth(...as().auth).expect(200);
    expect(Date.now() - probeStarted).toBeLessThan(5_000);
    const res = await lint;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.result.findings).toEqual([expect.objectContaining({ rule: 'load-failure', line: 1 })]);
    // Bounded: a hung or swapping worker would take the 120 s task timeout or die.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
  }, 60_000);

  it('still lints an ordinary playbook afterwards, and the workers are all alive', async () => {
    const ok = await request(t.url).post('/playbooks').auth(...as().auth)
      .send({ name: 'ok.yml', content: '- name: Fine\n  hosts: all\n  tasks: []\n' }).expect(201);
    const results = await Promise.all([1, 2, 3].map(() =>
      request(t.url).post('/lint').auth(...as().auth).send({ playbook_id: ok.body.playbook_id }).expect(200)));
    for (const res of results) expect(res.body).toMatchObject({ status: 'completed', result: { findings: [] } });
    expect((await request(t.url).get('/health/ready').expect(200)).body.status).toBe('ok');
  }, 60_000);
});

describe('playbook name and content limits, at their edges', () => {
  let t: TestApp;
  let alice: string;
  const store = (body: object) => request(t.url).post('/playbooks').auth(alice, { type: 'bearer' }).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
  }, 60_000);
  afterAll(() => t.close());

  it('name: 200 characters (multi-byte too) are fine, 201 or none are not', async () => {
    expect((await store({ name: 'n'.repeat(200), content: 'x' }).expect(201)).body.name).toHaveLength(200);
    expect((await store({ name: 'é'.repeat(200), content: 'x' }).expect(201)).body.name).toBe('é'.repeat(200));
    expectProblem(await store({ name: 'n'.repeat(201), content: 'x' }), 400, 'validation_failed');
    expectProblem(await store({ name: '', content: 'x' }), 400, 'validation_failed');
  });

  it('name with a NUL is refused before it can reach the database', async () => {
    const res = await store({ name: 'a\u0000b', content: 'x' });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.detail).toMatch(/NUL/);
  });

  it.each(['line\nbreak', 'tab\there', 'bell\u0007', 'del\u007f', '\u001b[31mred'])('name with a control character %j is refused', async (name) => {
    const res = await store({ name, content: 'x' });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([{ field: 'name', message: 'name must not contain control characters' }]);
  });

  it('content: exactly 1 MiB of bytes is stored, in 2- and 4-byte characters as in ASCII; one byte more is 413', async () => {
    for (const char of ['x', 'é', '😀']) {
      const content = char.repeat(MiB / Buffer.byteLength(char));
      const res = await store({ name: 'edge.yml', content }).expect(201);
      const back = await request(t.url).get(`/playbooks/${res.body.playbook_id}`).auth(alice, { type: 'bearer' }).expect(200);
      expect(Buffer.byteLength(back.body.content)).toBe(MiB);
      expect(back.body.content === content).toBe(true);
      expectProblem(await store({ name: 'edge.yml', content: `${content}x` }), 413, 'payload_too_large');
    }
  }, 60_000);

  it('content with a NUL byte is refused with a 400, not a database error', async () => {
    const res = await store({ name: 'nul.yml', content: '- hosts: all\u0000\n' });
    expectProblem(res, 400, 'validation_failed');
    expect(JSON.stringify(res.body)).not.toMatch(/0x00|invalid byte sequence|UTF8/i);
  });
});
