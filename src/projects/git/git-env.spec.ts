import type { GitOptions } from './git-options';
import { gitConfigArgs, gitEnv } from './git-env';

const OPTIONS: GitOptions = {
  allowFileUrls: false,
  allowedHosts: [],
  timeoutSeconds: 60,
  limits: { maxFiles: 10, maxUnpackedBytes: 10, maxCompressedBytes: 10 },
};

describe('the environment and settings of git children', () => {
  it('is built from nothing but our own values', () => {
    process.env.GIT_DIR = '/elsewhere';
    try {
      expect(Object.keys(gitEnv(OPTIONS, '/tmp/home')).sort()).toEqual([
        'GIT_ALLOW_PROTOCOL', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_SSH_COMMAND', 'GIT_SSH_VARIANT', 'GIT_TERMINAL_PROMPT', 'HOME', 'LANG', 'LC_ALL', 'PATH',
      ]);
    } finally {
      delete process.env.GIT_DIR;
    }
  });

  it('allows file:// only when the policy does', () => {
    expect(gitEnv(OPTIONS, '/h').GIT_ALLOW_PROTOCOL).toBe('https:ssh');
    expect(gitConfigArgs(OPTIONS)).toContain('protocol.allow=never');
    expect(gitConfigArgs(OPTIONS)).not.toContain('protocol.file.allow=always');
    expect(gitEnv({ ...OPTIONS, allowFileUrls: true }, '/h').GIT_ALLOW_PROTOCOL).toBe('https:ssh:file');
    expect(gitConfigArgs({ ...OPTIONS, allowFileUrls: true })).toContain('protocol.file.allow=always');
  });

  it('uses the configured ssh key and known hosts, strictly, and trusts no host without them', () => {
    const strict = '-F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes';
    expect(gitEnv(OPTIONS, '/h').GIT_SSH_COMMAND).toBe(`ssh ${strict} -o UserKnownHostsFile='/dev/null'`);
    const keyed = gitEnv({ ...OPTIONS, sshKeyFile: "/run/secrets/it's key", knownHostsFile: '/run/secrets/known' }, '/h');
    expect(keyed.GIT_SSH_COMMAND).toBe(`ssh ${strict} -o UserKnownHostsFile='/run/secrets/known' -i '/run/secrets/it'\\''s key'`);
  });

  it('reads credentials and CA only from configuration, and never writes the credentials file', () => {
    const env = gitEnv({ ...OPTIONS, caFile: '/run/ca.pem' }, '/h');
    expect(env.GIT_SSL_CAINFO).toBe('/run/ca.pem');
    const args = gitConfigArgs({ ...OPTIONS, credentialsFile: '/run/secrets/git-credentials' });
    expect(args).toContain('credential.helper=');
    expect(args).toContain(`credential.helper=!f() { test "$1" = get && git credential-store --file='/run/secrets/git-credentials' get; }; f`);
    expect(gitConfigArgs(OPTIONS).filter((a) => a.startsWith('credential.helper'))).toEqual(['credential.helper=']);
  });
});
