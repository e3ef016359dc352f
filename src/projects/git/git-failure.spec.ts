import { fetchFailure, gitFailed } from './git-failure';

describe('git failures', () => {
  it('tells a missing ref from other failures', () => {
    expect(fetchFailure("fatal: couldn't find remote ref nope\n", 'nope', [])).toMatchObject({ code: 'git_ref_not_found' });
    expect(fetchFailure('fatal: remote error: upload-pack: not our ref ' + 'a'.repeat(40), 'a'.repeat(40), [])).toMatchObject({
      code: 'git_ref_not_found',
      message: `commit ${'a'.repeat(40)} was not found in the repository`,
    });
    expect(fetchFailure('fatal: unable to access x: Could not resolve host: x\n', 'main', [])).toMatchObject({ code: 'git_failed' });
  });

  it("keeps git's last fatal line, without credentials, host paths or control characters", () => {
    const stderr = [
      'Receiving objects:  50% (1/2)\r',
      "fatal: unable to access 'https://alice:s3cr3t@git.example.com/r.git/': The requested URL returned error: 403",
      'hint: see /tmp/relia-git-home-abc/.config for \x1b[31mmore\x1b[0m',
    ].join('\n');
    const err = gitFailed('git fetch', stderr, ['/tmp/relia-git-home-abc']);
    expect(err.message).toBe("git fetch failed: fatal: unable to access 'https://git.example.com/r.git/': The requested URL returned error: 403");
    expect(gitFailed('git log', 'hint: in /tmp/relia-git-home-abc/x \x1b[0m', ['/tmp/relia-git-home-abc']).message).toBe('git log failed: hint: in …/x ?[0m');
    expect(gitFailed('git init', '', []).message).toBe('git init failed: no message from git');
  });
});
