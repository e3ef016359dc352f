import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';

/** GET /auth/config tells a browser or the CLI how to sign in, before it has any token. */
describe('GET /auth/config', () => {
  let dev: TestApp;
  let sso: TestApp;
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    [dev, sso] = await Promise.all([
      startTestApp(),
      startTestApp({ RELIA_OIDC_ISSUER: issuer.url, RELIA_OIDC_AUDIENCE: 'relia', RELIA_OIDC_CLIENT_ID: 'relia-cli', RELIA_OIDC_SCOPES: 'openid offline_access' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([dev?.close(), sso?.close()]);
    await issuer?.close();
  });

  it('says development tokens are in use when no issuer is set', async () => {
    const res = await request(dev.url).get('/auth/config').expect(200);
    expect(res.body).toEqual({ issuer: null, client_id: null, audience: null, scopes: ['openid', 'profile'], development_tokens: true });
  });

  it('names the issuer, the public client and the scopes, without a token', async () => {
    const res = await request(sso.url).get('/auth/config').expect(200);
    expect(res.body).toEqual({ issuer: issuer.url, client_id: 'relia-cli', audience: 'relia', scopes: ['openid', 'offline_access'], development_tokens: false });
  });
});
