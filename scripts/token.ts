import { parseArgs } from 'node:util';
import { isValidUserName, loadOrCreateDevKey, signDevToken, USER_NAME_RULE } from '../src/auth/dev-token';
import { loadConfig } from '../src/config/config';

/**
 * Prints a development token for Relia without SSO: `npm run token -- <user> [--admin] [--ttl SECONDS]`.
 * Only the token goes to stdout, so `TOKEN=$(npm run -s token -- alice)` works.
 */
const USAGE = 'usage: npm run token -- <user> [--admin] [--ttl SECONDS]';
const MAX_TTL_SECONDS = 30 * 24 * 3600;

class UsageError extends Error {}

function isUsageError(error: Error): boolean {
  return error instanceof UsageError || Boolean((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'));
}

function parse(argv: string[]): { user: string; admin: boolean; ttlSeconds: number | undefined } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { admin: { type: 'boolean', default: false }, ttl: { type: 'string' } },
    allowPositionals: true,
  });
  const [user, ...rest] = positionals;
  if (!user || rest.length > 0) throw new UsageError('expected exactly one user name');
  if (!isValidUserName(user)) throw new UsageError(`invalid user name "${user}": use ${USER_NAME_RULE}`);
  return { user, admin: values.admin, ttlSeconds: values.ttl === undefined ? undefined : ttl(values.ttl) };
}

function ttl(raw: string): number {
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new UsageError(`--ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  return seconds;
}

/** Dev tokens are accepted only where Relia runs without an issuer, outside production. */
function refusal(env: NodeJS.ProcessEnv): string | undefined {
  if (env.RELIA_OIDC_ISSUER) return 'RELIA_OIDC_ISSUER is set: Relia accepts only that issuer\'s tokens; get one from your identity provider';
  if (env.NODE_ENV === 'production') return 'NODE_ENV=production: development tokens are refused in production';
  return undefined;
}

async function main(): Promise<void> {
  const refused = refusal(process.env);
  if (refused) throw new Error(refused);
  const { user, admin, ttlSeconds } = parse(process.argv.slice(2));
  const config = loadConfig();
  const { privateKey } = await loadOrCreateDevKey(config.dataDir);
  process.stdout.write(`${await signDevToken(privateKey, user, { admin, ttlSeconds, adminRole: config.oidc.adminRole })}\n`);
}

// 64 is EX_USAGE (sysexits.h): scripts can tell a typo from a refusal.
main().catch((error: Error) => {
  const usage = isUsageError(error);
  process.stderr.write(`token: ${error.message}\n${usage ? `${USAGE}\n` : ''}`);
  process.exitCode = usage ? 64 : 1;
});
