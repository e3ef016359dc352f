import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { launchChromium, requireChromium, screenshot, watchPage } from '../support/browser';
import { ensureConsoleBuilt, seriousAxeViolations } from '../support/console';
import { storePlaybook } from '../support/playbooks';
import { tarGz } from '../support/projects';

/**
 * The console when things go wrong or get big, in development mode (its sign-in is a user name):
 * a dropped stream reconnects and resumes, a refused token leads back to sign-in, 10,000 tasks
 * are paged rather than loaded, the keyboard reaches everything, and an archive can be dropped.
 */
const PLAYBOOK = '- name: Site\n  hosts: all\n  tasks:\n    - shell: echo hi\n';

(requireChromium('the console browser tests') ? describe : describe.skip)('the web console under trouble and load', () => {
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

  async function signIn(user: string): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${t.url}/`);
    await page.getByLabel('User name').fill(user, { timeout: 15_000 });
    await page.getByLabel('User name').press('Enter');
    await page.getByRole('heading', { name: 'Your tasks' }).waitFor({ timeout: 15_000 });
    return { page, seen };
  }

  it('reconnects a dropped live stream and shows the changes made after it', async () => {
    const { page, seen } = await signIn('carol');
    await page.getByText('No tasks yet').waitFor({ timeout: 15_000 });
    // Every open connection of the service goes down, the event stream with them.
    t.app.getHttpServer().closeAllConnections();
    await page.getByText('Connection lost: reconnecting…').waitFor({ timeout: 10_000 });
    await screenshot(page, 'tasks-reconnecting');
    await page.getByText('Connection lost: reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
    const token = await t.token('carol');
    const id = await storePlaybook(t, token, PLAYBOOK);
    const accepted = await request(t.url).post('/async/lint').auth(token, { type: 'bearer' }).send({ playbook_id: id }).expect(202);
    await page.locator(`li.task-row[data-task-id="${accepted.body.task_id}"][data-status="completed"]`).waitFor({ timeout: 30_000 });
    expect(seen.errors).toEqual([]);
  }, 90_000);

  it('takes a refused token back to sign-in, saying why', async () => {
    const { page } = await signIn('dave');
    await page.evaluate(`sessionStorage.setItem('relia.session', JSON.stringify({ token: 'e30.e30.e30', expiresAt: Date.now() + 60000, kind: 'development' }))`);
    await page.getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('heading', { name: 'Development sign-in' }).waitFor({ timeout: 15_000 });
    await page.getByText('Your session has expired or was refused').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('relia.session')")).toBeNull();
  }, 60_000);

  it('pages 10,000 tasks 50 at a time: the list never loads them all', async () => {
    const sql = new Client({ connectionString: t.db.url });
    await sql.connect();
    await sql.query(`INSERT INTO tasks (id, type, user_id, status, progress, attempt, max_attempts, created_at, started_at, completed_at)
      SELECT gen_random_uuid(), 'lint', 'many', 'completed', 100, 1, 3, now() - n * interval '1 second',
             now() - n * interval '1 second', now() - n * interval '1 second' + interval '200 milliseconds'
        FROM generate_series(1, 10000) AS n`);
    await sql.end();
    const { page } = await signIn('many');
    const listed: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/tasks') listed.push(url.search);
    });
    await page.reload();
    const started = Date.now();
    await page.locator('li.task-row').nth(49).waitFor({ timeout: 15_000 });
    const firstPageMs = Date.now() - started;
    expect(await page.locator('li.task-row').count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator('li.task-row').nth(99).waitFor({ timeout: 15_000 });
    expect(await page.locator('li.task-row').count()).toBe(100);
    expect(listed).toHaveLength(2);
    expect(listed.every((q) => new URLSearchParams(q).get('limit') === '50')).toBe(true);
    console.log(`10,000 tasks: the first page of 50 showed in ${firstPageMs} ms`);
    expect(firstPageMs).toBeLessThan(10_000);
  }, 90_000);

  it('works from the keyboard: Tab to a task, Enter opens it, Enter on a finding opens its line', async () => {
    const { page } = await signIn('erin');
    const token = await t.token('erin');
    const id = await storePlaybook(t, token, PLAYBOOK);
    await request(t.url).post('/lint').auth(token, { type: 'bearer' }).send({ playbook_id: id }).expect(200);
    await page.locator('li.task-row').first().waitFor({ timeout: 15_000 });
    let focused = '';
    for (let i = 0; i < 25 && !focused.includes('task-link'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement.className') as string;
    }
    expect(focused).toContain('task-link');
    await page.keyboard.press('Enter');
    const finding = page.locator('button.finding').first();
    await finding.waitFor({ timeout: 15_000 });
    await finding.focus();
    await page.keyboard.press('Enter');
    await page.locator('.cm-finding-line').waitFor({ timeout: 15_000 });
    expect(await page.locator('.cm-finding-line').getAttribute('data-line')).toBe(await finding.getAttribute('data-line'));
  }, 60_000);

  it('uploads a project dropped on the upload area', async () => {
    const { page, seen } = await signIn('frank');
    await page.getByRole('link', { name: 'Projects' }).click();
    const archive = tarGz({ 'site.yml': PLAYBOOK }).toString('base64');
    // A real drop event, with the archive in its DataTransfer, as a file dragged from the desktop.
    await page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob('${archive}'), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'dropped.tar.gz', { type: 'application/gzip' }));
      const area = document.querySelector('section.drop');
      area.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      area.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    await page.getByRole('heading', { name: 'dropped' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'site.yml' }).waitFor({ timeout: 15_000 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(seen).toEqual({ violations: [], errors: [] });
  }, 60_000);
});
