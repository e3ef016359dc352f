import { lintProject } from './project-lint';
import { projectOf } from './test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.
const TASKS = '---\n- name: Hi\n  ansible.builtin.debug:\n    msg: hi\n';
const found = (tree: Record<string, string>, projectName = 'role1') =>
  lintProject(projectOf({ 'tasks/main.yml': TASKS, ...tree }), { projectName }).findings
    .map((f) => `${f.rule}@${f.path}:${f.line} ${f.message}`);

const SKELETON = [
  '---', '# comment', 'galaxy_info:', '  author: your name', '  description: your description', '  company: your company (optional)',
  '  license: license (GPL-2.0-or-later, MIT, etc)', '  min_ansible_version: "2.9"', '  platforms:', '    - name: Debian', '      versions: [bullseye]',
  '  galaxy_tags: web', 'dependencies: []', '',
].join('\n');

describe('meta-incorrect, meta-no-tags (ansible-lint 6.13.1 fixtures)', () => {
  it('flags the skeleton defaults on the galaxy_info line, and a galaxy_tags string', () => {
    expect(found({ 'meta/main.yml': SKELETON })).toEqual([
      "meta-no-tags@meta/main.yml:1 Expected 'galaxy_tags' to be a list",
      'meta-incorrect@meta/main.yml:3 Should change default metadata: author',
      'meta-incorrect@meta/main.yml:3 Should change default metadata: description',
      'meta-incorrect@meta/main.yml:3 Should change default metadata: company',
      'meta-incorrect@meta/main.yml:3 Should change default metadata: license',
    ]);
  });

  it('the old skeleton licence counts, other placeholders do not', () => {
    const meta = 'galaxy_info:\n  author: me\n  description: your role description\n  company: your company\n  license: license (GPLv2, CC-BY, etc)\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n';
    expect(found({ 'meta/main.yml': meta })).toEqual(['meta-incorrect@meta/main.yml:1 Should change default metadata: license']);
  });

  it('tags that are no lower-case alphanumeric strings, and categories', () => {
    const meta = 'galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n  galaxy_tags:\n    - a\n    - b-c\n    - 123\n';
    expect(found({ 'meta/main.yml': meta })).toEqual([
      "meta-no-tags@meta/main.yml:1 Tags must contain lowercase letters and digits only., invalid: 'b-c'",
      "meta-no-tags@meta/main.yml:1 Tags must be strings: '123'",
    ]);
    expect(found({ 'meta/main.yml': meta.replace('  galaxy_tags:', '  categories: [web]\n  galaxy_tags:') })).toEqual([
      "schema[meta]@meta/main.yml:1 Additional properties are not allowed ('categories' was unexpected)",
      "meta-no-tags@meta/main.yml:1 Use 'galaxy_tags' rather than 'categories'",
    ]);
  });
});

describe('meta-video-links, schema[meta] additional properties (ansible-lint 6.13.1 fixtures)', () => {
  const meta = (links: string) => `galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n  video_links:\n${links}`;

  it('entries that are no {url, title} mapping, or whose URL is no recognised share link (identical messages collapse)', () => {
    const links = '    - https://youtu.be/abc\n    - url: https://vimeo.com/123\n    - title: only title\n    - url: https://www.youtube.com/watch?v=abc\n      title: A\n    - url: https://drive.google.com/file/d/abc/view\n      title: B\n    - url: https://vimeo.com/abc\n      title: C\n    - url: https://youtu.be/abc\n      title: D\n';
    expect(found({ 'meta/main.yml': meta(links) })).toEqual([
      "schema[meta]@meta/main.yml:1 Additional properties are not allowed ('video_links' was unexpected)",
      "meta-video-links@meta/main.yml:1 Expected item in 'video_links' to be a dictionary",
      "meta-video-links@meta/main.yml:1 Expected item in 'video_links' to contain only keys 'url' and 'title'",
      "meta-video-links@meta/main.yml:1 URL format 'https://www.youtube.com/watch?v=abc' is not recognized. Expected it be a shared link from Vimeo, YouTube, or Google Drive.",
      "meta-video-links@meta/main.yml:1 URL format 'https://vimeo.com/abc' is not recognized. Expected it be a shared link from Vimeo, YouTube, or Google Drive.",
    ]);
  });

  it('lists every unknown galaxy_info key, sorted, before a platform problem', () => {
    const extra = 'galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  cloud_platforms: [aws]\n  dependencies: []\n  logo: x\n  platforms:\n    - name: EL\n      versions: ["10"]\n';
    expect(found({ 'meta/main.yml': extra })).toEqual([
      "schema[meta]@meta/main.yml:1 Additional properties are not allowed ('cloud_platforms', 'dependencies', 'logo' were unexpected)",
    ]);
  });
});

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

describe('no-relative-paths (ansible-lint 6.13.1 fixture)', () => {
  it('copy/template src climbing into files/ or templates/, in roles and playbooks alike', () => {
    const task = (name: string, module: string, src: string) => `- name: ${name}\n  ${module}:\n    src: ${src}\n    dest: /tmp/x\n`;
    const tasks = ['---\n', task('A', 'ansible.builtin.copy', '../templates/x'), task('B', 'ansible.builtin.template', '../files/x'),
      task('C', 'ansible.windows.win_copy', '../files/x'), task('D', 'ansible.builtin.copy', '../files'), task('E', 'ansible.builtin.copy', 'x/../files/y'),
      task('F', 'ansible.builtin.template', '../templates'), task('H', 'ansible.legacy.copy', '../files/x'), task('J', 'ansible.builtin.copy', '../../x'),
      '- name: I\n  local_action:\n    module: copy\n    src: ../files/x\n    dest: /tmp/x\n'].join('');
    const rel = (tree: Record<string, string>) => found(tree).filter((f) => f.startsWith('no-relative-paths')).map((f) => f.split(' ')[0]);
    expect(rel({ 'tasks/main.yml': tasks })).toEqual(['no-relative-paths@tasks/main.yml:14', 'no-relative-paths@tasks/main.yml:18', 'no-relative-paths@tasks/main.yml:22', 'no-relative-paths@tasks/main.yml:34']);
    const play = '---\n- name: P\n  hosts: all\n  tasks:\n    - name: Copy\n      copy: src=../files/x dest=/tmp/x mode=0644\n';
    expect(rel({ 'site.yml': play })).toEqual(['no-relative-paths@site.yml:5']);
  });
});

describe('role names ansible-lint 6.13.1 resolves (fixtures: ansible-st2, ansible-role-nginx test playbook)', () => {
  it('role-name on a root meta/main.yml without role_name names the project folder', () => {
    const meta = 'galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n';
    expect(found({ 'meta/main.yml': meta }, 'ansible-st2')).toEqual(['role-name@meta/main.yml:1 Role name ansible-st2 does not match ``^\\[a-z]\\[a-z0-9_]*$`` pattern.']);
    expect(found({ 'meta/main.yml': meta }, 'st2')).toEqual([]);
  });

  it("syntax-check: `{{ role_name | default('nginx') }}` is looked up as nginx", () => {
    const play = "---\n- hosts: all\n  roles:\n    - \"{{role_name|default('nginx')}}\"\n";
    expect(found({ 'test/test.yml': play }).map((f) => f.split(' ')[0])).toEqual(['syntax-check[specific]@test/test.yml:4']);
    expect(found({ 'test/test.yml': play, 'test/roles/nginx/tasks/main.yml': TASKS }).map((f) => f.split(' ')[0])).not.toContain('syntax-check[specific]@test/test.yml:4');
  });
});

describe('.yamllint extending yamllint\'s default (ansible-st2, ansible-lint 6.13.1)', () => {
  it('reports no octal values unless the project configures octal-values', () => {
    const task = '---\n- name: Dir\n  ansible.builtin.file:\n    path: /x\n    state: directory\n    mode: 0600\n';
    const octal = (yamllint: string) => found({ 'tasks/main.yml': task, '.yamllint': yamllint }).filter((f) => f.startsWith('yaml[octal-values]')).length;
    expect(octal('---\nextends: default\nrules:\n  truthy: disable\n')).toBe(0);
    expect(octal('---\nrules:\n  truthy: disable\n')).toBe(1);
  });
});

describe('name[casing] after a tasks file\'s own prefix (ansible-lint 6.13.1 fixture)', () => {
  it('judges what follows `<stem> | ` in tasks/<stem>.yml, but not in main.yml or under another stem', () => {
    const foo = '---\n- name: foo | Install x\n  ansible.builtin.debug:\n- name: bar | Install y\n  ansible.builtin.debug:\n- name: foo|Install z\n  ansible.builtin.debug:\n';
    const main = '---\n- name: main | Install x\n  ansible.builtin.debug:\n- name: Inc\n  ansible.builtin.import_tasks: foo.yml\n';
    expect(found({ 'tasks/main.yml': main, 'tasks/foo.yml': foo }).map((f) => f.split(' ')[0])).toEqual([
      'name[casing]@tasks/foo.yml:4', 'name[casing]@tasks/foo.yml:6', 'name[casing]@tasks/main.yml:2',
    ]);
  });
});

describe('the skip_ansible_lint tag (ansible-lint 6.13.1 fixture)', () => {
  it('silences every rule on a tagged task\'s lines, and only the block line of a tagged block', () => {
    const tasks = '---\n- name: A\n  shell: echo hi\n  become: yes\n  tags: x, skip_ansible_lint\n- name: b\n  shell: echo hi\n  tags: [skip_ansible_lint]\n- name: Block\n  tags: skip_ansible_lint\n  block:\n    - name: c\n      shell: echo hi\n- name: d\n  shell: echo hi\n  tags: skip_ansible_lint_not\n';
    expect(found({ 'tasks/main.yml': tasks }).map((f) => f.split(' ')[0])).toEqual([
      'fqcn[action-core]@tasks/main.yml:12', 'no-changed-when@tasks/main.yml:12', 'command-instead-of-shell@tasks/main.yml:12', 'name[casing]@tasks/main.yml:12',
    ]);
  });
});

describe('ansible-st2 (ansible-lint 6.13.1): colons max-spaces-after -1, htpasswd', () => {
  it('a .yamllint colons max-spaces-after of -1 allows any spacing after a colon', () => {
    const tasks = '---\n- name:  Hi\n  ansible.builtin.debug:\n';
    const colons = (yamllint?: string) => found({ 'tasks/main.yml': tasks, ...(yamllint ? { '.yamllint': yamllint } : {}) }).filter((f) => f.startsWith('yaml[colons]')).length;
    expect(colons()).toBe(1);
    expect(colons('---\nextends: default\nrules:\n  colons: {max-spaces-after: -1, level: error}\n')).toBe(0);
  });

  it('risky-file-permissions: htpasswd without mode, whatever its state', () => {
    const tasks = '---\n- name: Remove\n  community.general.htpasswd:\n    path: /etc/x\n    name: u\n    state: absent\n';
    expect(found({ 'tasks/main.yml': tasks })).toContain('risky-file-permissions@tasks/main.yml:2 File permissions unset or incorrect.');
  });
});

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

describe('ansible-datadog and a probe fixture (ansible-lint 6.13.1)', () => {
  it('role-name[path] on include_role / import_role, on the line of name; .github is not linted', () => {
    const tasks = '---\n- name: Inc\n  ansible.builtin.include_role:\n    name: "{{ playbook_dir }}/.."\n- name: Imp\n  ansible.builtin.import_role:\n    name: foo/bar\n- name: Ok\n  ansible.builtin.include_role:\n    name: foo\n';
    const ci = 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  x:\n    runs-on: ubuntu-latest   \n';
    expect(found({ 'tasks/main.yml': tasks, '.github/workflows/ci.yml': ci }).map((f) => f.split(' ')[0])).toEqual([
      'role-name[path]@tasks/main.yml:4', 'role-name[path]@tasks/main.yml:7',
    ]);
  });

  it('a test playbook may reach the role through ../../<project folder>', () => {
    const play = '---\n- hosts: all\n  roles:\n    - { role: ../../ansible-datadog, become: true }\n';
    const syntax = (project: string) => found({ 'manual_tests/test.yml': play }, project).filter((f) => f.startsWith('syntax-check')).length;
    expect(syntax('ansible-datadog')).toBe(0);
    expect(syntax('other')).toBe(1);
  });

  it('no-free-form lets the FQCN win_shell through', () => {
    const tasks = '---\n- name: Version\n  ansible.windows.win_shell: |\n    Get-Item x\n  changed_when: false\n';
    expect(found({ 'tasks/main.yml': tasks }).filter((f) => f.startsWith('no-free-form'))).toEqual([]);
  });
});

describe('cephadm-ansible (ansible-lint 6.13.1, ansible-playbook --syntax-check 2.14)', () => {
  const play = (hosts: string, name = 'Distribute') => `---\n- name: ${name}\n  hosts: "${hosts}"\n  tasks:\n    - name: Defaults\n      ansible.builtin.import_role:\n        name: ceph_defaults\n`;
  const tree = { 'ceph_defaults/defaults/main.yml': '---\nclient_group: clients\n', 'ceph_defaults/meta/main.yml': '---\ngalaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n', 'ansible.cfg': '[defaults]\nroles_path = ./\nlibrary = ./library\n' };
  const syntax = (files: Record<string, string>) => found({ ...tree, ...files }).filter((f) => /^(syntax-check|internal-error)/.test(f)).map((f) => f.split(' ')[0]);

  it("hosts may use the defaults of a role the play imports; an undefined variable in the play's name is an internal error", () => {
    expect(syntax({ 'site.yml': play('{{ client_group }}') })).toEqual([]);
    expect(syntax({ 'site.yml': play('{{ other_group }}') })).toEqual(['syntax-check[specific]@site.yml:2']);
    expect(syntax({ 'site.yml': play('all', 'Check fsid {{ fsid }}') })).toEqual(['internal-error@site.yml:1']);
  });

  it("modules of ansible.cfg's library resolve; an ansible.builtin.import_playbook entry is an import", () => {
    const module = '---\n- name: M\n  hosts: all\n  tasks:\n    - name: Daemon\n      ceph_orch_daemon:\n        state: started\n';
    expect(syntax({ 'site.yml': module, 'library/ceph_orch_daemon.py': '# module\n' })).toEqual([]);
    expect(syntax({ 'site.yml': module })).toEqual(['syntax-check[specific]@site.yml:5']);
    expect(syntax({ 'site.yml': '---\n- ansible.builtin.import_playbook: other.yml\n', 'other.yml': '---\n- name: O\n  hosts: all\n  tasks: []\n' })).toEqual([]);
  });
});

describe('schema[meta] platforms (probed one entry at a time with ansible-lint 6.13.1)', () => {
  const meta = (name: string, version: string) => `galaxy_info:\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: ${name}\n      versions: ["${version}"]\n`;
  const schema = (name: string, version: string) => found({ 'meta/main.yml': meta(name, version) }).filter((f) => f.startsWith('schema[meta]')).length;

  it.each([['Ubuntu', 'kinetic'], ['Ubuntu', 'noble'], ['Debian', 'trixie'], ['EL', '10'], ['Fedora', '39'], ['Amazon Linux', '2023'], ['Rocky', 'all'], ['FreeBSD', '14.0'], ['GenericLinux', 'any']])(
    'rejects %s %s', (name, version) => expect(schema(name, version)).toBe(1));

  it.each([['Ubuntu', 'jammy'], ['Debian', 'bookworm'], ['EL', '9'], ['Fedora', '37'], ['Amazon', '2018.03'], ['opensuse', '15.5'], ['Windows', '2022'], ['macOS', 'all'], ['FreeBSD', '13.0']])(
    'accepts %s %s', (name, version) => expect(schema(name, version)).toBe(0));
});

describe('role-name on role folders (ansible-lint 6.13.1 fixture)', () => {
  it("a folder is named by its meta's role_name when it has one", () => {
    const meta = 'galaxy_info:\n  role_name: good\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n';
    const site = '---\n- name: P\n  hosts: all\n  roles:\n    - bad-dir\n    - role: Other\n';
    const tree = { 'site.yml': site, 'roles/bad-dir/meta/main.yml': meta, 'roles/bad-dir/tasks/main.yml': TASKS, 'roles/Other/tasks/main.yml': TASKS };
    expect(found(tree)).toEqual(['role-name@roles/Other:1 Role name Other does not match ``^\\[a-z]\\[a-z0-9_]*$`` pattern.']);
  });
});

describe('schema[tasks] keyword types (ansible-lint 6.13.1, one tasks file per case)', () => {
  const file = (extra: string) => `---\n- name: T\n  ansible.builtin.debug:\n    msg: hi\n${extra}`;
  const schema = (extra: string) => found({ 'tasks/main.yml': file(extra) }).filter((f) => f.startsWith('schema[tasks]')).map((f) => f.split(' ').slice(1).join(' '));

  it.each([
    ["  retries: '3'\n  until: x\n", "'3' does not match"], ["  delay: '5'\n", "'5' does not match"], ["  async: '10'\n  poll: 0\n", "'10' does not match"],
    ['  register: 3\n', "3 is not of type 'string'"], ['  notify: {a: b}\n', '{"a":"b"} is not valid'], ['  changed_when: 1\n', '1 is not valid'],
    ["  ignore_errors: 'yes'\n", ''], ["  become: 'yes'\n", ''], ["  no_log: 'true'\n", ''], ['  tags: 3\n', ''], ["  timeout: '10'\n", ''],
    ['  vars: [a]\n', ''], ['  when: 3\n', ''], ['  run_once: yes\n  delegate_to: [a]\n', ''],
  ])('rejects %j', (extra, message) => expect(schema(extra)).toEqual([expect.stringContaining(message)]));

  it.each(['  loop: users\n', '  with_dict: users\n', "  with_fileglob: '*.txt'\n", '  listen: x\n', '  args:\n    chdir: /tmp\n', '  become: yes\n', '  retries: "{{ n }}"\n  until: x\n'])(
    'accepts %j', (extra) => expect(schema(extra)).toEqual([]));
});
