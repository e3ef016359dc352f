import { findingsOf as found } from '../test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.

describe('var-naming and schema[vars] on vars files (ansible-lint 6.13.1 fixtures)', () => {
  it('plain var-naming on the name\'s line; templated and reserved names are schema[vars]', () => {
    expect(found({ 'vars/main.yml': '---\nBadVar: 1\ngood_var: 2\n"{{ x }}": 3\n', 'defaults/main.yml': '---\nAnotherBad: 1\n' })).toEqual([
      "var-naming@defaults/main.yml:2 File defines variable 'AnotherBad' that violates variable naming standards",
      expect.stringMatching(/^schema\[vars\]@vars\/main.yml:1 '\{\{ x \}\}' does not match any of the regexes: '\^\(\?!\(False\|None\|True\|and\|/),
      "var-naming@vars/main.yml:2 File defines variable 'BadVar' that violates variable naming standards",
    ]);
    expect(found({ 'group_vars/all.yml': '---\nBadName: 1\nhosts: 2\nok_name: 3\n', 'host_vars/h1.yml': '---\nCamelCase: 1\n' }).map((f) => f.split(' ')[0])).toEqual([
      'schema[vars]@group_vars/all.yml:1', 'var-naming@group_vars/all.yml:2', 'var-naming@host_vars/h1.yml:2',
    ]);
  });
});
