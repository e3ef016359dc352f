import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from './exit-codes';

/** Options every command accepts. */
export interface GlobalOptions {
  url?: string;
  quiet?: boolean;
}

/** `--url`, else RELIA_URL; without a trailing slash, so paths can be appended. */
export function serviceUrl(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  const raw = options.url ?? env.RELIA_URL;
  if (!raw) throw new CliError('no Relia service: pass --url or set RELIA_URL', EXIT.unreachable);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`not a URL: ${raw} (--url / RELIA_URL)`, EXIT.usage);
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new CliError(`the service URL must be http(s): ${raw}`, EXIT.usage);
  return url.href.replace(/\/+$/, '');
}

/** $XDG_CONFIG_HOME/relia, else ~/.config/relia: where the login is kept. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'relia');
}
