import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app';
import { launchChromium, requireChromium, screenshot, SCREENSHOTS, watchPage } from '../support/browser';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';

/**
 * Swagger UI's "Authorize" through the IdP, for real: the openIdConnect scheme, the public
 * client, the IdP's own login page in a popup, PKCE, then "Try it out" on GET /tasks with the
 * token the IdP issued.
 */
(requireChromium('the Swagger UI SSO test') ? describe : describe.skip)('Swagger UI signs in through the IdP (PKCE)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    issuer = await startTestIssuer(0, { publicClient: {} });
    t = await startTestApp({
      RELIA_OIDC_ISSUER: issuer.url, RELIA_OIDC_AUDIENCE: 'relia', RELIA_OIDC_CLIENT_ID: issuer.publicClientId!,
      RELIA_OIDC_SCOPES: 'openid api',
    });
    issuer.setRedirectUris([`${t.url}/docs/oauth2-redirect.html`, `${t.url}/`]);
    browser = await launchChromium();
    console.log(`Browser screenshots: ${SCREENSHOTS}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await issuer?.close();
  });

  it('authorizes with the IdP login page and runs GET /tasks with "Try it out" to a 200', async () => {
    const page = await browser.newPage();
    const seen = watchPage(page);
    const calls: Array<{ status: number; auth?: string }> = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/tasks') calls.push({ status: r.status(), auth: r.request().headers().authorization });
    });
    await page.goto(`${t.url}/docs`);
    await page.locator('button.authorize').first().click();
    const modal = page.locator('.modal-ux');
    const oidc = modal.locator('.auth-container').filter({ hasText: 'authorization_code with PKCE' });
    await oidc.waitFor({ timeout: 15_000 });
    await screenshot(page, 'docs-authorize');
    const [popup] = await Promise.all([page.waitForEvent('popup', { timeout: 15_000 }), oidc.locator('button.authorize').click()]);
    const popupErrors: string[] = [];
    popup.on('console', (m) => popupErrors.push(m.text()));
    await popup.locator('input[name="login"]').fill('dora', { timeout: 15_000 });
    await popup.locator('input[name="password"]').fill('any');
    await popup.locator('button[type="submit"]').click();
    await popup.waitForEvent('close', { timeout: 15_000 }).catch(async (error) => {
      throw new Error(`${error.message}; the popup is at ${popup.url()}: ${(await popup.locator('body').innerText()).slice(0, 500)} ${popupErrors.join('; ')}`);
    });
    await oidc.getByText('Authorized', { exact: true }).waitFor({ timeout: 15_000 }).catch(async (error) => {
      throw new Error(`${error.message}: ${await oidc.innerText()} ${seen.errors.join('; ')} ${seen.violations.join('; ')}`);
    });
    await modal.locator('button.btn-done').first().click();

    const operation = page.locator('.opblock-get').filter({ has: page.locator('[data-path="/tasks"]') });
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 15_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    expect(calls).toEqual([expect.objectContaining({ status: 200, auth: expect.stringMatching(/^Bearer ey/) })]);
    // The token is the IdP's (its issuer, the user who signed in), not a development token.
    const payload = JSON.parse(Buffer.from(calls[0].auth!.split('.')[1], 'base64url').toString());
    expect(payload).toEqual(expect.objectContaining({ iss: issuer.url, sub: 'dora', aud: 'relia' }));
    expect(seen.violations).toEqual([]);
  }, 90_000);
});
