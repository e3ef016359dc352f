import { IntakeError } from '../intake/intake-error';
import { checkGitRef, checkGitUrl, redactUrl, type GitUrlPolicy } from './git-url-policy';

const ANY: GitUrlPolicy = { allowFileUrls: false, allowedHosts: [] };

function refusal(fn: () => void): IntakeError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err as IntakeError;
  }
}

describe('checkGitUrl', () => {
  it.each([
    'https://github.com/acme/roles.git',
    'https://git.example.com:8443/group/sub/repo',
    'ssh://git@github.com/acme/roles.git',
    'ssh://git@git.example.com:2222/acme/roles.git',
    'ssh://[::1]/srv/repo.git',
    'git@github.com:acme/roles.git',
    'github.com:acme/roles.git',
    'HTTPS://GitHub.com/acme/roles',
  ])('accepts %s', (url) => expect(refusal(() => checkGitUrl(url, ANY))).toBeUndefined());

  it.each([
    ['http://github.com/acme/roles.git', /"http:\/\/" scheme is not allowed/],
    ['git://github.com/acme/roles.git', /"git:\/\/" scheme/],
    ['ftp://example.com/repo', /"ftp:\/\/" scheme/],
    ['ext::sh -c touch% /tmp/pwned', /whitespace/],
    ['ext::sh', /transport helpers/],
    ['fd::7', /transport helpers/],
    ['https::https://github.com/acme/roles', /transport helpers/],
    ['-uhttps://x', /command-line option/],
    ['--upload-pack=touch /tmp/x', /whitespace/],
    ['--upload-pack=id', /command-line option/],
    ['ssh://-oProxyCommand=id/x', /must be https/],
    ['-oProxyCommand=id:x', /command-line option/],
    ['git@-oProxyCommand=id:x', /must be https/],
    ['git@github.com:-x', /must be https/],
    ['-@github.com:x', /command-line option/],
    ['https://github.com/acme/roles\n.git', /whitespace, control/],
    ['https://github.com/a b', /whitespace/],
    ['https://gith\u00fcb.com/a', /non-ASCII/],
    ['https://github.com\\@evil.com/a', /backslash/],
    ['https://github.com', /no path/],
    ['https:///acme/roles', /no host/],
    ['/srv/git/repo.git', /must be https/],
    ['../repo', /must be https/],
    ['./a:b', /must be https/],
    ['', /empty/],
    ['https://' + 'a'.repeat(2100), /longer than 2048/],
    ['file:///srv/git/repo.git', /file:\/\/ repository URLs are not allowed/],
  ])('refuses %j', (url, message) => {
    const err = refusal(() => checkGitUrl(url, ANY));
    expect(err).toBeInstanceOf(IntakeError);
    expect(err!.code).toBe('git_url_refused');
    expect(err!.message).toMatch(message);
  });

  it.each([
    'https://alice:s3cr3t-t0ken@github.com/acme/roles.git',
    'https://s3cr3t-t0ken@github.com/acme/roles.git',
    'https://alice:s3cr3t-t0ken@@github.com/acme/roles.git',
    'ssh://git:s3cr3t-t0ken@github.com/acme/roles.git',
    'ssh://s3cr3t%2Dt0ken@github.com/acme/roles.git',
  ])('refuses credentials in %s, without showing them', (url) => {
    const err = refusal(() => checkGitUrl(url, ANY))!;
    expect(err.code).toBe('git_url_refused');
    expect(err.message).toMatch(/RELIA_GIT_CREDENTIALS_FILE/);
    expect(err.message).not.toMatch(/s3cr3t/);
  });

  it('never shows credentials of a URL it cannot parse', () => {
    for (const url of ['htps://alice:s3cr3t@github.com/x', 'alice:s3cr3t@github.com:x y', 'https://alice:s3cr3t@github.com/a b']) {
      expect(refusal(() => checkGitUrl(url, ANY))!.message).not.toMatch(/s3cr3t/);
    }
  });

  it('accepts file:// URLs only when allowed, and only absolute ones', () => {
    const files = { ...ANY, allowFileUrls: true };
    expect(refusal(() => checkGitUrl('file:///srv/git/repo.git', files))).toBeUndefined();
    expect(refusal(() => checkGitUrl('file://localhost/srv/git/repo.git', files))!.message).toMatch(/file:\/\/\/absolute/);
    expect(refusal(() => checkGitUrl('/srv/git/repo.git', files))!.code).toBe('git_url_refused');
  });

  it('keeps to the allowed hosts, exactly and case-insensitively', () => {
    const policy = { allowFileUrls: false, allowedHosts: ['github.com', 'Git.Example.com', '[::1]'] };
    for (const url of ['https://GITHUB.com/a/b', 'git@git.example.com:a/b', 'ssh://git@git.example.com:2222/a', 'ssh://[::1]/a']) {
      expect(refusal(() => checkGitUrl(url, policy))).toBeUndefined();
    }
    for (const url of ['https://github.com.evil.com/a', 'https://evil.com/github.com', 'git@gitlab.com:a/b', 'https://sub.github.com/a']) {
      const err = refusal(() => checkGitUrl(url, policy))!;
      expect(err.code).toBe('git_url_refused');
      expect(err.message).toMatch(/RELIA_GIT_ALLOWED_HOSTS/);
    }
  });
});

describe('checkGitRef', () => {
  it.each(['main', 'release/1.2', 'v1.2.3', 'feature/x_y-z', 'refs/heads/main', 'a1b2c3d', '0123456789abcdef0123456789abcdef01234567', 'f'.repeat(64)])(
    'accepts %s', (ref) => expect(refusal(() => checkGitRef(ref))).toBeUndefined());

  it.each(['', '-b', '--upload-pack=id', 'a..b', 'HEAD~1', 'HEAD^', 'main:x', 'a?', 'a*', 'a[b', 'a\\b', 'a b', 'a\tb', 'a\nb', 'a\u007f', 'main@{1}', '.hidden', 'a/.b', 'a.lock', 'a/', '/a', 'a//b', 'a.', '@', 'x'.repeat(256)])(
    'refuses %j', (ref) => expect(refusal(() => checkGitRef(ref))?.code).toBe('git_url_refused'));
});

describe('redactUrl', () => {
  it.each([
    ['https://alice:s3cr3t@github.com/acme/roles.git', 'https://github.com/acme/roles.git'],
    ['https://s3cr3t@github.com/a', 'https://github.com/a'],
    ['https://a:b@c@github.com/a', 'https://github.com/a'],
    ['fatal: unable to access \'https://u:s3cr3t@h/x/\': 401', 'fatal: unable to access \'https://h/x/\': 401'],
    ['https://github.com/acme/roles@v1', 'https://github.com/acme/roles@v1'],
    ['two https://a:b@x/1 and ssh://c:d@y/2', 'two https://x/1 and ssh://y/2'],
  ])('redacts %s', (raw, redacted) => expect(redactUrl(raw)).toBe(redacted));
});
