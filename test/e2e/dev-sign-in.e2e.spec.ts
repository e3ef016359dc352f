import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';

/**
 * POST /auth/dev-token, the console's development sign-in, exists in development mode only:
 * with an issuer configured, and in production, it is an unknown route (404), even for a body
 * that would not validate (so a 400 cannot tell that it is there).
 */
describe('POST /auth/dev-token', () => {
  let dev: TestApp;
  let sso: TestApp;
  let production: TestApp;
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    const oidc = { RELIA_OIDC_ISSUER: issuer.url, RELIA_OIDC_AUDIENCE: 'relia' };
    [dev, sso, production] = await Promise.all([startTestApp(), startTestApp(oidc), startTestApp({ ...oidc, NODE_ENV: 'production' })]);
  });
  afterAll(async () => {
    await Promise.all([dev?.close(), sso?.close(), production?.close()]);
    await issuer?.close();
  });

  it('mints, in development mode, a token the API accepts for that user', async () => {
    const res = await request(dev.url).post('/auth/dev-token').send({ user: 'carol' }).expect(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 8 * 3600 });
    const me = await request(dev.url).get('/auth/me').auth(res.body.access_token, { type: 'bearer' }).expect(200);
    expect(me.body).toEqual({ user_id: 'carol', roles: [], is_admin: false });
  });

  it('mints an admin token when asked, as `npm run token -- --admin` does', async () => {
    const res = await request(dev.url).post('/auth/dev-token').send({ user: 'root', admin: true }).expect(200);
    const me = await request(dev.url).get('/auth/me').auth(res.body.access_token, { type: 'bearer' }).expect(200);
    expect(me.body.is_admin).toBe(true);
  });

  it('refuses a user name that `npm run token` would refuse', async () => {
    const res = await request(dev.url).post('/auth/dev-token').send({ user: 'no spaces' }).expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it.each([['an issuer is configured', () => sso], ['NODE_ENV=production', () => production]])(
    'answers 404 when %s, as an unknown route does, whatever the body', async (_why, app) => {
      const unknown = await request(app().url).post('/auth/no-such-route').send({ user: 'carol' }).expect(404);
      for (const body of [{ user: 'carol' }, { user: 'carol', admin: true }, { user: 'no spaces' }, {}]) {
        const res = await request(app().url).post('/auth/dev-token').send(body).expect(404);
        expect(res.body).toEqual({ ...unknown.body, instance: '/auth/dev-token' });
      }
      const config = await request(app().url).get('/auth/config').expect(200);
      expect(config.body.development_tokens).toBe(false);
    });

  it('is not in the OpenAPI document (no deployment offers it)', async () => {
    const res = await request(dev.url).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).not.toContain('/auth/dev-token');
    expect(Object.keys(res.body.paths)).toContain('/auth/me');
  });
});
