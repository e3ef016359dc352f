import { findingsOf as found } from './test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.

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

describe('.yamllint extending yamllint\'s default (ansible-st2, ansible-lint 6.13.1)', () => {
  it('reports no octal values unless the project configures octal-values', () => {
    const task = '---\n- name: Dir\n  ansible.builtin.file:\n    path: /x\n    state: directory\n    mode: 0600\n';
    const octal = (yamllint: string) => found({ 'tasks/main.yml': task, '.yamllint': yamllint }).filter((f) => f.startsWith('yaml[octal-values]')).length;
    expect(octal('---\nextends: default\nrules:\n  truthy: disable\n')).toBe(0);
    expect(octal('---\nrules:\n  truthy: disable\n')).toBe(1);
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

describe('a .yamllint extending yamllint\'s default (ansible-lint 6.13.1 fixture)', () => {
  it("checks with yamllint's defaults: `---`, two spaces before a comment, long inline mappings, the project's max", () => {
    const yamllint = '---\nextends: default\nrules:\n  line-length:\n    max: 120\n    level: warning\n';
    const tasks = `- name: Long\n  ansible.builtin.debug:\n    msg: "${'x'.repeat(130)}"\n  become: yes # c\n\n\n- name: B\n  ansible.builtin.debug:\n    msg: {a: 1}\n`;
    expect(found({ '.yamllint': yamllint, 'tasks/main.yml': tasks }).filter((f) => f.startsWith('yaml')).map((f) => f.split(' ')[0]).sort()).toEqual([
      'yaml[comments]@tasks/main.yml:4', 'yaml[document-start]@tasks/main.yml:1', 'yaml[line-length]@tasks/main.yml:3', 'yaml[truthy]@tasks/main.yml:4',
    ]);
  });
});

describe('.yamllint ignore (ansible-lint 6.13.1 fixture)', () => {
  it('drops the yaml findings of the files it names, gitignore-style', () => {
    const yamllint = '---\nextends: default\nrules:\n  line-length:\n    max: 200\n    level: warning\nignore: |\n  tasks/other.yml\n  molecule/\n';
    const tree = {
      '.yamllint': yamllint, 'tasks/main.yml': '---\n- name: A\n  ansible.builtin.debug:\n  become: yes\n- name: Inc\n  ansible.builtin.import_tasks: other.yml\n',
      'tasks/other.yml': '---\n- name: B\n  ansible.builtin.debug:\n  become: yes\n', 'molecule/default/verify.yml': '---\n- name: C\n  hosts: all\n  become: yes\n  tasks:\n    - name: D\n      ansible.builtin.debug:\n',
    };
    expect(found(tree).map((f) => f.split(' ')[0])).toEqual(['yaml[truthy]@tasks/main.yml:4']);
  });
});
