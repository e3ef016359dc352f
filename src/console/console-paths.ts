/** The console's page (`/`, and `/?code=…` when the IdP sends the browser back) and its bundled files. */
export const CONSOLE_ASSETS_PREFIX = '/console/';

export function isConsolePath(url: string): boolean {
  return url === '/' || url.startsWith('/?') || url.startsWith(CONSOLE_ASSETS_PREFIX);
}
