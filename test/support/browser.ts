import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Headless Debian Chromium for the browser tests (playwright-core drives it; no downloaded
 * browser). Without it a test is skipped with a message, except under CI=true, where a missing
 * browser fails the run.
 */
export const CHROMIUM = process.env.RELIA_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export function requireChromium(what: string): boolean {
  if (!chromiumAvailable && process.env.CI === 'true') {
    throw new Error(`${CHROMIUM} is missing: CI must install the Debian package "chromium" for ${what}`);
  }
  if (!chromiumAvailable) console.warn(`Skipping ${what}: ${CHROMIUM} not found (apt-get install chromium)`);
  return chromiumAvailable;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Where the browser tests keep their screenshots (RELIA_SCREENSHOTS, else test-artifacts/screenshots). */
export const SCREENSHOTS = process.env.RELIA_SCREENSHOTS ?? join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Collects the page's CSP violations and uncaught errors, which every browser test expects to be none. */
export function watchPage(page: Page): { violations: string[]; errors: string[] } {
  const seen = { violations: [] as string[], errors: [] as string[] };
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.violations.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}
