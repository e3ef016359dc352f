import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { expectProblem } from '../support/expect-problem';


describe('security headers, CORS and 405, over HTTP', () => {
  let t: TestApp;
  let alice: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.token('alice');
  }, 60_000);
  afterAll(() => t.close());

  it('sends helmet headers and a CSP that loads nothing on API answers, errors and 404s alike', async () => {
    for (const res of [
      await request(t.url).get('/tasks').auth(alice, { type: 'bearer' }).expect(200),
      await request(t.url).get('/tasks'),
      await request(t.url).get('/nowhere'),
      await request(t.url).get('/health/live'),
    ]) {
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('lets Swagger UI work under its CSP: every script a same-origin file, styles and data: images allowed', async () => {
    const page = await request(t.url).get('/docs').redirects(1).expect(200);
    // Relative script URLs resolve against the page's final URL, as a browser does.
    const base = page.redirects.at(-1) ?? `${t.url}/docs`;
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("connect-src 'self'");
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      // An inline script would be blocked by script-src 'self': the UI would stay blank.
      expect(body.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attrs)?.[1] ?? '';
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const script = await request(t.url).get(new URL(src, base).pathname).expect(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    }
    await request(t.url).get('/docs-json').expect(200);
  });

  it('sends no CORS header when RELIA_CORS_ORIGINS is not set', async () => {
    const res = await request(t.url).get('/tasks').set('Origin', 'https://evil.example').auth(alice, { type: 'bearer' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(t.url).options('/tasks').set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('405 problem with Allow for a known path and a wrong method', async () => {
    const cases: [string, string, string][] = [
      ['delete', '/tasks', 'GET, HEAD'],
      ['put', '/async/lint', 'POST'],
      ['get', '/lint', 'POST'],
      ['patch', '/playbooks/00000000-0000-7000-8000-000000000000', 'DELETE, GET, HEAD, PUT'],
      ['get', '/tasks/00000000-0000-7000-8000-000000000000/cancel', 'POST'],
      ['post', '/health/live', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await (request(t.url) as unknown as Record<string, (p: string) => request.Test>)[method](path)
        .auth(alice, { type: 'bearer' });
      expectProblem(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe(allow);
    }
  });

  it('keeps 404 problem for unknown routes, and routes still answer their own methods', async () => {
    expectProblem(await request(t.url).get('/tasks/00000000-0000-7000-8000-000000000000/nope').auth(alice, { type: 'bearer' }), 404, 'not_found');
    expectProblem(await request(t.url).delete('/nope'), 404, 'not_found');
    await request(t.url).head('/tasks').auth(alice, { type: 'bearer' }).expect(200);
  });
});

describe('CORS when RELIA_CORS_ORIGINS is set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RELIA_CORS_ORIGINS: 'https://ui.example.com, http://localhost:5173' });
  }, 60_000);
  afterAll(() => t.close());

  it('allows the listed origins only, preflight included', async () => {
    const preflight = await request(t.url).options('/async/lint').set('Origin', 'https://ui.example.com')
      .set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://ui.example.com');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await request(t.url).get('/health/live').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const listed = await request(t.url).get('/health/live').set('Origin', 'http://localhost:5173');
    expect(listed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(listed.headers['access-control-expose-headers']).toMatch(/Retry-After/);
  });
});
