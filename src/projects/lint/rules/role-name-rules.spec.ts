import { findingsOf as found, ROLE_TASKS as TASKS } from '../test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.

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

describe('role-name on role folders (ansible-lint 6.13.1 fixture)', () => {
  it("a folder is named by its meta's role_name when it has one", () => {
    const meta = 'galaxy_info:\n  role_name: good\n  author: me\n  description: d\n  license: MIT\n  min_ansible_version: "2.9"\n  platforms:\n    - name: Debian\n      versions: [all]\n';
    const site = '---\n- name: P\n  hosts: all\n  roles:\n    - bad-dir\n    - role: Other\n';
    const tree = { 'site.yml': site, 'roles/bad-dir/meta/main.yml': meta, 'roles/bad-dir/tasks/main.yml': TASKS, 'roles/Other/tasks/main.yml': TASKS };
    expect(found(tree)).toEqual(['role-name@roles/Other:1 Role name Other does not match ``^\\[a-z]\\[a-z0-9_]*$`` pattern.']);
  });
});
