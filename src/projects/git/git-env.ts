import type { GitOptions } from './git-options';

/** A fixed PATH: the service's own may point anywhere, git and ssh live in the system's. */
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * The whole environment of a git child, built from nothing: no variable of the service (GIT_DIR,
 * GIT_CONFIG_*, GIT_SSH_COMMAND, proxies, tokens…) reaches git, and no system or user config.
 */
export function gitEnv(options: GitOptions, home: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: SYSTEM_PATH,
    HOME: home,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ALLOW_PROTOCOL: allowedProtocols(options).join(':'),
    GIT_SSH_COMMAND: sshCommand(options),
    GIT_SSH_VARIANT: 'ssh',
  };
  if (options.caFile) env.GIT_SSL_CAINFO = options.caFile;
  return env;
}

/** `-c` settings for every git command: no hooks, filters of ours, submodules or redirects. */
export function gitConfigArgs(options: GitOptions): string[] {
  const settings = [
    'core.hooksPath=/dev/null',
    'core.symlinks=true',
    'core.fsmonitor=false',
    'transfer.fsckObjects=true',
    'submodule.recurse=false',
    'protocol.version=2',
    'protocol.allow=never',
    ...allowedProtocols(options).map((p) => `protocol.${p}.allow=always`),
    // A redirect could lead to a host outside RELIA_GIT_ALLOWED_HOSTS, with our credentials.
    'http.followRedirects=false',
    'http.sslVerify=true',
    'credential.helper=',
    ...credentialHelper(options),
    'gc.auto=0',
    'maintenance.auto=false',
    'advice.detachedHead=false',
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

function allowedProtocols(options: GitOptions): string[] {
  return options.allowFileUrls ? ['https', 'ssh', 'file'] : ['https', 'ssh'];
}

/**
 * Only `get` reaches the store: git would otherwise rewrite the mounted file after a success and
 * erase the entry after a refusal (a wrong password must not delete the configured one).
 */
function credentialHelper(options: GitOptions): string[] {
  if (!options.credentialsFile) return [];
  const store = `git credential-store --file=${shellQuote(options.credentialsFile)} get`;
  return [`credential.helper=!f() { test "$1" = get && ${store}; }; f`];
}

/** ssh with nothing of the system's or a user's ssh config, no agent, no prompts, known hosts only. */
function sshCommand(options: GitOptions): string {
  const args = ['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes'];
  args.push('-o', `UserKnownHostsFile=${shellQuote(options.knownHostsFile ?? '/dev/null')}`);
  if (options.sshKeyFile) args.push('-i', shellQuote(options.sshKeyFile));
  return args.join(' ');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
