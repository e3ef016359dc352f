import { findingsOf as found } from './test-project';

// Every expectation below is what ansible-lint 6.13.1 (--offline, Debian package) reported on the same
// tree, committed to git in a folder of that name.

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
