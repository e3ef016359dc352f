import fc from 'fast-check';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { rawRequest, RawResponse } from '../support/raw-http';
import { storePlaybook } from '../support/playbooks';

/** Traces of internals that must never reach a client: stack frames, SQL, file paths. */
const LEAKS: [string, RegExp][] = [
  ['stack frame', /\bat [\w$.<> ]+ \([^)]*:\d+:\d+\)|\bat (async )?\/\S+:\d+|\.(ts|js):\d+/],
  ['SQL', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[\s\S]*\b(FROM|VALUES|SET|WHERE)\b|syntax error at or near|relation "|violates .* constraint|QueryFailedError/i],
  ['file path', /\/(work|tmp|home|root|usr|app|opt)\/|node_modules|[A-Z]:\\\\/],
];

const ROUTES: [string, string][] = [
  ['POST', '/playbooks'], ['GET', '/playbooks'], ['GET', '/playbooks/{playbook}'], ['PUT', '/playbooks/{playbook}'],
  ['DELETE', '/playbooks/{playbook}'], ['POST', '/async/lint'], ['POST', '/async/test'], ['POST', '/lint'], ['POST', '/test'],
  ['GET', '/tasks'], ['GET', '/tasks/{task}'], ['GET', '/tasks/{task}/result'], ['POST', '/tasks/{task}/cancel'],
  ['GET', '/tasks/{task}/events'], ['GET', '/health/live'], ['GET', '/health/ready'], ['GET', '/metrics'], ['GET', '/docs-json'],
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'];
const WEIRD_SEGMENTS = ['%', '%zz', '%E0%A4%A', '..', '.', '%2e%2e', '%2F', '%00', ';', 'null', '-1', '0', 'a'.repeat(300),
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '%F0%9F%92%A9', '%3Cscript%3E', "'%20OR%201=1"];

describe('fuzz: random methods, paths, bodies, headers and tokens', () => {
  let t: TestApp;
  let tokens: Record<'alice' | 'bob' | 'admin', string>;
  const alice = { playbook: '', task: '' };
  const bob = { playbook: '', task: '' };

  beforeAll(async () => {
    // Sync runs answer at once (202): the fuzz is about the HTTP layer, not about waiting for ansible.
    t = await startTestApp({ RELIA_RATE_LIMIT_PER_MINUTE: '1000000', RELIA_SYNC_WAIT_SECONDS: '0' });
    tokens = { alice: await t.token('alice'), bob: await t.token('bob'), admin: await t.token('root', { admin: true }) };
    for (const [who, ids] of [['alice', alice], ['bob', bob]] as const) {
      const token = tokens[who];
      ids.playbook = await storePlaybook(t, token, '- hosts: all\n  tasks: []\n', `${who}.yml`);
      ids.task = (await request(t.url).post('/async/lint').auth(token, { type: 'bearer' })
        .send({ playbook_id: ids.playbook }).expect(202)).body.task_id;
    }
  }, 60_000);
  afterAll(() => t.close());

  const idArb = () => fc.oneof(
    fc.constantFrom(alice.playbook, alice.task, bob.playbook, bob.task),
    fc.uuid(),
    fc.constantFrom(...WEIRD_SEGMENTS),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
  );

  const pathArb = () => fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), idArb()).map(([[, p], id]) => p.replace(/\{\w+\}/, id)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), fc.array(fc.constantFrom(...WEIRD_SEGMENTS), { minLength: 1, maxLength: 3 }))
      .map(([[, p], extra]) => `${p.replace(/\{\w+\}/, alice.task)}/${extra.join('/')}`) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...WEIRD_SEGMENTS), fc.string({ maxLength: 12 }).map(encodeURIComponent)), { maxLength: 4 })
      .map((segments) => `/${segments.join('/')}`) },
  );

  const queryArb = () => fc.option(
    fc.array(fc.tuple(
      fc.constantFrom('status', 'type', 'limit', 'cursor', 'user_id', 'x', 'limit[]', '__proto__'),
      fc.oneof(fc.constantFrom('pending', 'completed', 'lint', '0', '101', '-1', '1e3', 'alice', 'eyJhIjoxfQ.x', '\u0000'), fc.string({ maxLength: 30, unit: 'binary' })),
    ), { maxLength: 4 }).map((pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`),
    { nil: '' },
  );

  const bodyArb = () => fc.oneof(
    fc.constant(undefined),
    fc.record({
      name: fc.oneof(fc.string({ maxLength: 210, unit: 'binary' }), fc.integer(), fc.constant(null)),
      content: fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.constant('a\u0000b'), fc.constant('- hosts: all\n'), fc.array(fc.string())),
    }, { requiredKeys: [] }).map((b) => ({ json: b })),
    fc.record({
      playbook_id: fc.oneof(fc.constantFrom(alice.playbook, bob.playbook), fc.uuid(), fc.string({ maxLength: 40 }), fc.integer()),
      engine: fc.constantFrom('builtin', 'ansible-lint', 'pylint', undefined),
      profile: fc.constantFrom('min', 'production', 'x', undefined),
      priority: fc.oneof(fc.integer(), fc.constant(undefined)),
      extra: fc.jsonValue({ maxDepth: 3 }),
      extra_vars: fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 5 })),
    }, { requiredKeys: ['playbook_id'] }).map((b) => ({ json: b })),
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ json: v })),
    fc.string({ maxLength: 200 }).map((raw) => ({ raw, type: 'application/json' })),
    fc.tuple(fc.string({ maxLength: 200 }), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml',
      'application/json; charset=latin-9', 'multipart/form-data')).map(([raw, type]) => ({ raw, type })),
  );

  type Who = 'alice' | 'bob' | 'admin' | 'none' | 'garbage';
  const authArb = () => fc.oneof(
    fc.constantFrom<Who>('alice', 'bob', 'bob', 'admin', 'none').map((who) => ({ who, header: who === 'none' ? undefined : `Bearer ${tokens[who as 'alice']}` })),
    fc.oneof(
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
      fc.constantFrom('Bearer', 'Basic YWxpY2U6cGFzcw==', 'bearer  x.y.z', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.'),
      fc.constant(null).map(() => `Bearer ${tokens.alice.slice(0, -4)}AAAA`),
    ).map((header) => ({ who: 'garbage' as Who, header: header.replace(/[^\t\x20-\x7e]/g, '') })),
  );

  const headerArb = () => fc.record({
    'idempotency-key': fc.string({ maxLength: 40 }),
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml', 'text/event-stream'),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-custom'),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage'),
  }, { requiredKeys: [] });

  it('never answers 5xx, always problem+json for errors, never leaks internals or another user’s rows', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), pathArb(), queryArb(), bodyArb(), authArb(), headerArb(),
        async (method, path, query, body, auth, extra) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(extra)) headers[k] = v.replace(/[^\t\x20-\x7e]/g, '');
          if (auth.header !== undefined) headers.authorization = auth.header;
          let payload: Buffer | undefined;
          if (body) {
            payload = Buffer.from('json' in body ? JSON.stringify(body.json) ?? 'null' : body.raw);
            headers['content-type'] = 'json' in body ? 'application/json' : body.type;
          } else {
            delete headers['content-encoding'];
          }
          const res = await rawRequest(t.url, method, `${path}${query}`, headers, payload);
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          check(method, res, auth.who);
        }),
      { numRuns: 400, seed: 20261129, endOnFailure: true },
    );
    // The fuzz must reach past the front door, or it proves nothing.
    expect([...seen.keys()]).toEqual(expect.arrayContaining([200, 400, 401, 404, 405]));
    const stillThere = await request(t.url).get(`/playbooks/${alice.playbook}`).auth(tokens.alice, { type: 'bearer' }).expect(200);
    expect(stillThere.body.name).toBe('alice.yml');
  }, 120_000);

  function check(method: string, res: RawResponse, who: Who): void {
    const where = `${method} → ${res.status} ${res.text.slice(0, 300)}`;
    expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
    if (res.status >= 400) {
      expect({ where, type: res.headers['content-type'] }).toEqual({ where, type: expect.stringMatching(/^application\/problem\+json/) });
      if (method !== 'HEAD') {
        const problem = JSON.parse(res.text) as { status: number; code: string };
        expect({ where, status: problem.status, code: typeof problem.code }).toEqual({ where, status: res.status, code: 'string' });
      }
    }
    // `instance` repeats the path the client sent: the client's own words, not ours.
    const answer = method === 'HEAD' ? '' : withoutInstance(res.text);
    for (const [what, pattern] of LEAKS) expect({ where, leaks: what, found: pattern.exec(answer)?.[0] }).toEqual({ where, leaks: what, found: undefined });
    if (who === 'bob') {
      for (const foreign of [alice.playbook, alice.task, '"alice"', 'alice.yml']) {
        expect({ where, foreign, shown: answer.includes(foreign) }).toEqual({ where, foreign, shown: false });
      }
    }
  }
});

function withoutInstance(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (body && typeof body === 'object' && 'instance' in body) delete body.instance;
    return JSON.stringify(body);
  } catch {
    return text;
  }
}
