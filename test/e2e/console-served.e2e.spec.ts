import { createTestDatabase, TestDatabase } from '../support/database';
import { Replica } from '../support/replicas';

/**
 * The built service (`node dist/src/main.js`, as `npm start` and the image run it) serves the
 * console that `npm run build` made: index.html at /, never cached, under the console's CSP, and
 * its hashed assets, cached for good; an asset that is not there is the API's 404.
 */
describe('the built service serves the console', () => {
  let db: TestDatabase;
  let replica: Replica;

  beforeAll(async () => {
    db = await createTestDatabase();
    replica = await new Replica('console', db.url).ready(60_000);
  }, 90_000);
  afterAll(async () => {
    await replica?.dispose();
    await db?.drop();
  });

  it('answers / with the console page and its scripts from /console/assets', async () => {
    const page = await fetch(`${replica.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;" +
      "connect-src 'self';font-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'");
    const html = await page.text();
    const script = /<script type="module" src="(\/console\/assets\/main-[A-Z0-9]+\.js)"><\/script>/.exec(html)?.[1];
    // No inline script: every script element names its file.
    expect([...html.matchAll(/<script\b([^>]*)>/g)].map((m) => /\bsrc="\//.test(m[1]))).toEqual([true]);
    expect(script).toBeDefined();
    const asset = await fetch(`${replica.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing asset with the API 404, and keeps the API CSP on the API', async () => {
    const missing = await fetch(`${replica.url}/console/assets/nope.js`);
    expect(missing.status).toBe(404);
    const api = await fetch(`${replica.url}/health/live`);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
  });
});
