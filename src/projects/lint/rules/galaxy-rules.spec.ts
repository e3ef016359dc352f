import { findingsOf as found, ROLE_TASKS as TASKS } from '../test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.

describe('galaxy and schema[galaxy] on a collection (ansible-lint 6.13.1 fixtures)', () => {
  const collection = (galaxy: string, extra: Record<string, string> = {}) =>
    found({ 'roles/r1/tasks/main.yml': TASKS, 'README.md': '# x\n', 'galaxy.yml': galaxy, ...extra }).filter((f) => f.includes('galaxy'));

  it('a version below 1.0.0 on its line, no changelog (changelog.yml does not count), no required tag', () => {
    const galaxy = '---\n# c\nnamespace: acme\nname: tools\ndescription: d\nreadme: README.md\nauthors: [me]\nlicense: [MIT]\nversion: 0.9.9\n';
    expect(collection(galaxy, { 'changelogs/changelog.yml': 'ancestor: null\n' }).map((f) => f.split(' ')[0])).toEqual([
      'schema[galaxy]@galaxy.yml:1', 'galaxy[no-changelog]@galaxy.yml:1', 'galaxy[tags]@galaxy.yml:1', 'galaxy[version-incorrect]@galaxy.yml:9',
    ]);
    expect(collection(galaxy.replace('0.9.9', '1.0.0') + 'tags: [cloud]\n', { 'changelogs/changelog.yaml': 'ancestor: null\n' })).toEqual([
      "schema[galaxy]@galaxy.yml:1 'repository' is a required property",
    ]);
  });

  it('without a version, only galaxy[version-missing]; the first missing required key', () => {
    const galaxy = 'namespace: acme\nname: tools\ndescription: d\nreadme: README.md\nauthors: [me]\nlicense: [MIT]\ntags: [linux]\n';
    expect(collection(galaxy, { 'CHANGELOG.rst': 'c\n' })).toEqual([
      "schema[galaxy]@galaxy.yml:1 'version' is a required property",
      'galaxy[version-missing]@galaxy.yml:1 galaxy.yaml should have version tag.',
    ]);
    const noDescription = 'namespace: acme\nname: tools\nversion: 0.1.0\nreadme: README.md\nauthors: [me]\nlicense: [MIT]\ntags: [demo, Bad-Tag]\n';
    expect(collection(noDescription).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      "schema[galaxy]@galaxy.yml:1 'description'", 'galaxy[no-changelog]@galaxy.yml:1 No', 'galaxy[tags]@galaxy.yml:1 galaxy.yaml', 'galaxy[version-incorrect]@galaxy.yml:3 collection',
    ]);
  });
});

describe('collections (ansible-lint 6.13.1: ansible-collection-hardening and a probe fixture)', () => {
  const GALAXY = 'namespace: acme\nname: tools\nversion: 1.0.0\nreadme: README.md\nauthors: [me]\ndescription: d\nrepository: http://x\ntags: [tools]\n';
  const base = { 'roles/r1/tasks/main.yml': TASKS, 'galaxy.yml': GALAXY, 'CHANGELOG.md': 'c\n', 'README.md': 'x\n' };
  const ids = (tree: Record<string, string>) => found({ ...base, ...tree }).map((f) => f.split(' ')[0]);

  it("the collection's roles/ is on the roles path of a molecule playbook", () => {
    const converge = '---\n- name: C\n  hosts: all\n  roles:\n    - r1\n    - missing_one\n';
    expect(ids({ 'molecule/x/converge.yml': converge })).toEqual(['syntax-check[specific]@molecule/x/converge.yml:6']);
  });

  it('a mapping where a playbook is expected fails the syntax check; .config exclude_paths are relative to .config/', () => {
    const waivers = { 'molecule/x/waivers.yaml': 'os-14:\n  run: false\n' };
    expect(ids(waivers)).toEqual(['syntax-check[specific]@molecule/x/waivers.yaml:1']);
    expect(ids({ ...waivers, '.config/ansible-lint.yml': '---\nexclude_paths:\n  - molecule/x/waivers.yaml\n' })).toEqual(['syntax-check[specific]@molecule/x/waivers.yaml:1']);
    expect(ids({ ...waivers, '.ansible-lint': '---\nexclude_paths:\n  - molecule/x/waivers.yaml\n' })).toEqual([]);
  });
});
