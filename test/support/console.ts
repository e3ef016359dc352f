import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
export const CONSOLE_DIR = join(ROOT, 'dist', 'console');

/**
 * The console's built files, as `npm run build` makes them: built here when missing (a bare
 * `npx jest` after a checkout), so that the service under test serves the console at /.
 */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_DIR, 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'web', 'build.mjs')], { stdio: 'inherit' });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core on the page as it is: the serious and critical violations (WCAG 2.1 A and AA rules).
 * Evaluated through the DevTools protocol, which the page's CSP does not govern, so the page keeps
 * its real policy while it is checked.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  // A string, not a function: the test project's types have no DOM.
  const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`)) as
    AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
