import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithAnsible } from '../support/ansible';
import { startTestApp, TestApp } from '../support/app';
import { launchChromium, requireChromium, screenshot, SCREENSHOTS, watchPage } from '../support/browser';
import { ensureConsoleBuilt, seriousAxeViolations } from '../support/console';
import { startTestIssuer, TestIssuer } from '../support/oidc-issuer';
import { tarGz } from '../support/projects';

/**
 * The web console in a real browser, against the real service and the loopback IdP with its
 * login page: sign-in, the live tasks list, a lint's findings in the code view, a live test run
 * that is cancelled, another user's task, accessibility (axe-core) and the bundle budget.
 */
const LINTED = `- name: Site
  hosts: all
  tasks:
    - name: Install nginx
      apt:
        name: nginx
    - shell: echo hello
`;

/** Eight one-second tasks: long enough to watch it fill in, and to cancel it half-way. */
const SLOW = `- name: Slow run
  hosts: all
  gather_facts: false
  tasks:
${Array.from({ length: 8 }, (_, i) => `    - name: Step ${i + 1}\n      ansible.builtin.pause:\n        seconds: 1\n`).join('')}`;

/** Elements reaching past the right edge at `width` (a page usable on a phone has none). */
function overflowing(page: Page, width: number): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${width} + 0.5)
    .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
      + ' ' + Math.round(e.getBoundingClientRect().right))`) as Promise<string[]>;
}

/** A project whose role's task file has findings: a lint of the project points into that file. */
const ROLE_TASKS = `- name: Greet
  ansible.builtin.debug:
    msg: hello

- shell: echo hi
`;
const PROJECT = {
  'site.yml': '- name: Web\n  hosts: all\n  gather_facts: false\n  roles:\n    - web\n',
  'roles/web/tasks/main.yml': ROLE_TASKS,
};

const JS_BUDGET_GZIP = 250 * 1000;
const run = requireChromium('the console browser tests') ? describeWithAnsible : describe.skip;

run('the web console in a browser', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    issuer = await startTestIssuer(0, { publicClient: { roles: (sub) => (sub === 'root' ? ['relia-admin'] : []) } });
    t = await startTestApp({
      RELIA_OIDC_ISSUER: issuer.url, RELIA_OIDC_AUDIENCE: 'relia', RELIA_OIDC_CLIENT_ID: issuer.publicClientId!, RELIA_OIDC_SCOPES: 'openid api',
    });
    issuer.setRedirectUris([`${t.url}/docs/oauth2-redirect.html`, `${t.url}/`]);
    browser = await launchChromium();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await issuer?.close();
  });

  /** A fresh browser profile signed in as `user` through the IdP's own login page. */
  async function signIn(user: string, width = 1280): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${t.url}/`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await page.locator('input[name="login"]').fill(user, { timeout: 15_000 });
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { name: /tasks$/ }).waitFor({ timeout: 15_000 });
    // The code and state went with the redirect: nothing of the sign-in stays in the address bar.
    expect(new URL(page.url()).search).toBe('');
    return { page, seen };
  }

  async function expectAccessible(page: Page, view: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect({ view, violations }).toEqual({ view, violations: [] });
  }

  /** Stores a playbook through the Playbooks view and starts a lint or test of it from there. */
  async function storeAndRun(page: Page, name: string, content: string, kind: 'Lint' | 'Test'): Promise<string> {
    await page.getByRole('link', { name: 'Playbooks' }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Content (YAML)').fill(content);
    await page.getByRole('button', { name: 'Store' }).click();
    const item = page.locator('li.playbook').filter({ has: page.getByRole('heading', { name }) });
    await item.waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'playbooks');
    await screenshot(page, 'playbooks');
    if (kind === 'Lint') await item.getByRole('button', { name: 'Lint' }).click();
    else {
      await item.locator('summary').click();
      await item.getByRole('button', { name: 'Test', exact: true }).click();
    }
    await page.waitForURL(/#\/tasks\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    return page.url().split('/').at(-1)!;
  }

  it('signs in through the IdP page and shows the empty tasks list', async () => {
    const { page, seen } = await signIn('erin');
    await page.getByText('No tasks yet').waitFor({ timeout: 15_000 });
    expect(await page.evaluate('[localStorage.length, Object.keys(sessionStorage)]')).toEqual([0, ['relia.session']]);
    await expectAccessible(page, 'tasks (empty)');
    await screenshot(page, 'tasks-empty');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with SSO' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('relia.session')")).toBeNull();
    await expectAccessible(page, 'sign-in');
    expect(seen).toEqual({ violations: [], errors: [] });
  }, 90_000);

  it('lints a stored playbook, sees it complete without a reload, and opens a finding on its line', async () => {
    const { page, seen } = await signIn('alice');
    await page.evaluate('window.sameDocument = true');
    const id = await storeAndRun(page, 'site.yml', LINTED, 'Lint');
    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 30_000 });
    expect(await page.evaluate('window.sameDocument')).toBe(true);

    const first = page.locator('button.finding').first();
    await first.waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'lint findings');
    const line = Number(await first.getAttribute('data-line'));
    await first.click();
    const marked = page.locator('.cm-finding-line');
    await marked.waitFor({ timeout: 15_000 });
    expect(Number(await marked.getAttribute('data-line'))).toBe(line);
    expect((await marked.textContent())?.trim()).toBe(LINTED.split('\n')[line - 1].trim());
    expect(page.url()).toContain(`#/tasks/${id}?file=site.yml&line=${line}`);
    await expectAccessible(page, 'code view');
    await screenshot(page, 'lint-finding-code-view');
    expect(seen).toEqual({ violations: [], errors: [] });

    // The list shows it too, completed.
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.locator(`li.task-row[data-task-id="${id}"][data-status="completed"]`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'tasks');
  }, 120_000);

  it('shows a test run filling in live, with progress updates, and cancels it', async () => {
    const { page, seen } = await signIn('alice');
    await storeAndRun(page, 'slow.yml', SLOW, 'Test');
    const progress = page.locator('.summary progress');
    const values = new Set<string>();
    let tasksSeen = 0;
    const deadline = Date.now() + 30_000;
    while ((values.size < 2 || tasksSeen < 2) && Date.now() < deadline) {
      const value = await progress.getAttribute('value', { timeout: 1000 }).catch(() => null);
      if (value !== null && value !== '0') values.add(value);
      tasksSeen = await page.locator('.run-task').count();
      await page.waitForTimeout(100);
    }
    expect(values.size).toBeGreaterThanOrEqual(2);
    expect(tasksSeen).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'test run (running)');
    await screenshot(page, 'test-run-live');
    await page.getByRole('button', { name: 'Cancel task' }).click();
    await page.getByTestId('task-status').getByText('canceled').waitFor({ timeout: 30_000 });
    await page.getByText('Cancelled by').waitFor();
    await screenshot(page, 'test-run-canceled');
    expect(seen).toEqual({ violations: [], errors: [] });
  }, 120_000);

  it('uploads a project, browses its files, lints the revision and opens a finding in the role’s file', async () => {
    const { page, seen } = await signIn('alice');
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByText('No projects yet').waitFor({ timeout: 15_000 });
    await page.getByLabel('Archive').setInputFiles({ name: 'webapp.tar.gz', mimeType: 'application/gzip', buffer: tarGz(PROJECT) });
    await page.getByRole('heading', { name: 'webapp' }).waitFor({ timeout: 30_000 });
    await page.getByText('site.yml', { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'roles/web/tasks/main.yml' }).click();
    await page.locator('.code-host[data-path="roles/web/tasks/main.yml"] .cm-content').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'project');
    await screenshot(page, 'project');

    await page.getByRole('button', { name: 'Lint this revision' }).click();
    await page.waitForURL(/#\/tasks\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 60_000 });
    const group = page.locator('section.finding-group', { has: page.getByRole('heading', { name: /^roles\/web\/tasks\/main\.yml/ }) });
    const finding = group.locator('button.finding').first();
    await finding.waitFor({ timeout: 15_000 });
    const line = Number(await finding.getAttribute('data-line'));
    await finding.click();
    const marked = page.locator('.code-host[data-path="roles/web/tasks/main.yml"] .cm-finding-line');
    await marked.waitFor({ timeout: 15_000 });
    expect(Number(await marked.getAttribute('data-line'))).toBe(line);
    expect((await marked.textContent())?.trim()).toBe(ROLE_TASKS.split('\n')[line - 1].trim());
    await screenshot(page, 'project-lint-finding');
    expect(seen).toEqual({ violations: [], errors: [] });
  }, 120_000);

  it('opens the failed task of a failing run with its message, and searches the output', async () => {
    const { page, seen } = await signIn('alice');
    const failing = '- name: Failing\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: Fine\n      ansible.builtin.debug:\n' +
      '        msg: all good\n    - name: Boom\n      ansible.builtin.fail:\n        msg: the disk is full\n';
    await storeAndRun(page, 'failing.yml', failing, 'Test');
    await page.getByTestId('task-status').getByText('completed').waitFor({ timeout: 60_000 });
    await page.getByText('Failed in').waitFor({ timeout: 15_000 });
    const boom = page.locator('.run-task[data-status="failed"]');
    expect(await boom.locator('details').getAttribute('open')).not.toBeNull();
    await expect(boom.locator('pre.message').textContent()).resolves.toContain('the disk is full');
    expect(await page.locator('.run-task[data-status="ok"] details').getAttribute('open')).toBeNull();
    await page.getByLabel('Search the output').fill('disk is full');
    await page.getByText(/^\d+ matching lines/).waitFor();
    const shown = (await page.getByLabel('Run output').textContent()) ?? '';
    expect(shown.split('\n').length).toBeGreaterThan(0);
    expect(shown.split('\n').every((l) => l.toLowerCase().includes('disk is full'))).toBe(true);
    await expectAccessible(page, 'test run (failed)');
    await screenshot(page, 'test-run-failed');
    expect(seen).toEqual({ violations: [], errors: [] });
  }, 120_000);

  it('shows "not found" for another user’s task', async () => {
    const { page: alice } = await signIn('alice');
    const id = await storeAndRun(alice, 'other.yml', LINTED, 'Lint');
    const { page: bob, seen } = await signIn('bob');
    await bob.goto(`${t.url}/#/tasks/${id}`);
    await bob.getByRole('alert').getByText('Not found').waitFor({ timeout: 15_000 });
    await expectAccessible(bob, 'not found');
    expect(seen.errors).toEqual([]);
  }, 90_000);

  it('lets an admin switch to everyone’s tasks', async () => {
    const { page } = await signIn('root');
    await page.getByRole('heading', { name: 'Your tasks' }).waitFor();
    await page.getByLabel('Everyone’s tasks').check();
    await page.getByRole('heading', { name: 'Everyone’s tasks' }).waitFor();
    await page.locator('li.task-row .task-user', { hasText: 'alice' }).first().waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'everyone’s tasks');
  }, 60_000);

  it('is usable at 390 px (no sideways scrolling): tasks and projects', async () => {
    const { page } = await signIn('alice', 390);
    await page.locator('li.task-row').first().waitFor({ timeout: 15_000 });
    expect(await overflowing(page, 390)).toEqual([]);
    await expectAccessible(page, 'tasks at 390 px');
    await screenshot(page, 'tasks-390px');
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    await page.locator('ul.projects li, p.notice.empty').first().waitFor({ timeout: 15_000 });
    expect(await overflowing(page, 390)).toEqual([]);
    await expectAccessible(page, 'projects at 390 px');
    await screenshot(page, 'projects-390px');
  }, 60_000);

  it('loads at most 250 KB of JavaScript (gzipped) on first load, all of it from Relia itself', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const scripts: Array<{ url: string; gzip: number }> = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'script') scripts.push({ url: r.url(), gzip: gzipSync(await r.body()).length });
    });
    await page.goto(`${t.url}/`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Sign in with SSO' }).waitFor();
    const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`Console first load: ${scripts.length} scripts, ${(total / 1000).toFixed(1)} KB gzipped`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((s) => s.url.startsWith(`${t.url}/console/assets/`))).toBe(true);
    expect(total).toBeLessThanOrEqual(JS_BUDGET_GZIP);
    const csp = (await page.request.get(`${t.url}/`)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  }, 60_000);
});

/** Development mode: the clearly marked development sign-in, with Enter submitting the user name. */
(requireChromium('the console browser tests') ? describe : describe.skip)('the web console in development mode', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in with a user name and Enter, and signs out again', async () => {
    const page = await browser.newPage();
    const seen = watchPage(page);
    await page.goto(`${t.url}/`);
    await page.getByRole('heading', { name: 'Development sign-in' }).waitFor({ timeout: 15_000 });
    await expectNoAxe(page);
    await screenshot(page, 'dev-sign-in');
    await page.getByLabel('User name').fill('dev-user');
    await page.getByLabel('User name').press('Enter');
    await page.getByRole('heading', { name: 'Your tasks' }).waitFor({ timeout: 15_000 });
    await page.getByText('dev-user').waitFor();
    expect(page.url()).toBe(`${t.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Development sign-in' }).waitFor();
    expect(await page.evaluate('sessionStorage.length + localStorage.length')).toBe(0);
    expect(seen).toEqual({ violations: [], errors: [] });
  }, 60_000);

  async function expectNoAxe(page: Page): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
  }
});
