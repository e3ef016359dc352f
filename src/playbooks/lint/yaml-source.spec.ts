import { lintPlaybook } from './lint-engine';

/** Hostile input must end in a bounded load-failure, fast, without crashing the worker. */
describe('hostile YAML', () => {
  const expectQuickLoadFailure = (content: string) => {
    const started = Date.now();
    const result = lintPlaybook(content);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'load-failure', line: 1 })]);
  };

  it('rejects a billion-laughs alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(9).fill(`*${i === 1 ? 'a' : 'b'.repeat(i - 1)}`).join(',')}]`);
    expectQuickLoadFailure(`- hosts: all\n  vars:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
  });

  it('rejects 100,000-deep flow nesting', () => {
    expectQuickLoadFailure(`- hosts: all\n  vars:\n    x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  });

  it('rejects 100,000-deep block nesting', () => {
    expectQuickLoadFailure(`${'- '.repeat(100_000)}x\n`);
  });

  it('rejects a mapping used as a key, as PyYAML does (unquoted `port: {{ item }}`)', () => {
    expectQuickLoadFailure('- hosts: all\n  tasks:\n    - wait_for:\n        port: {{ item }}\n');
  });

  it('still loads ordinary anchors and aliases', () => {
    const result = lintPlaybook('- name: P\n  hosts: all\n  vars:\n    a: &a [1]\n    b: *a\n  tasks: []\n');
    expect(result.passed).toBe(true);
  });
});
