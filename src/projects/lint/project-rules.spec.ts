import { lintProject } from './project-lint';
import { projectOf } from './test-project';

const GOOD_META = '---\ngalaxy_info:\n  author: acme\n  description: x\n  license: MIT\n  min_ansible_version: "2.14"\n  platforms:\n    - name: Debian\n      versions:\n        - bookworm\ndependencies: []\n';
const rules = (tree: Record<string, string>) =>
  lintProject(projectOf(tree), { projectName: 'p' }).findings.map((f) => `${f.rule}@${f.path}:${f.line}`);

describe('lintProject: project-only rules', () => {
  it('role-name: a role folder and its meta whose name is not lower-case snake case', () => {
    const found = rules({ 'roles/web-server/tasks/main.yml': '---\n- name: X\n  ansible.builtin.debug:\n', 'roles/web-server/meta/main.yml': GOOD_META });
    expect(found).toEqual(['role-name@roles/web-server:1', 'role-name@roles/web-server/meta/main.yml:1']);
    expect(rules({ 'roles/web_server/meta/main.yml': GOOD_META })).toEqual([]);
  });

  it('role-name: galaxy_info.role_name names the role', () => {
    expect(rules({ 'meta/main.yml': GOOD_META.replace('author: acme', 'author: acme\n  role_name: Bad-Name') })).toEqual(['role-name@meta/main.yml:1']);
  });

  it('role-name[path]: a play naming a role by its path', () => {
    const found = rules({ 'site.yml': '---\n- name: S\n  hosts: all\n  roles:\n    - { role: base/common }\n', 'roles/base/common/tasks/main.yml': '---\n[]\n' });
    expect(found).toEqual(['role-name[path]@site.yml:5']);
  });

  it('meta-no-info: a meta file without galaxy_info', () => {
    expect(rules({ 'roles/web/meta/main.yml': '---\ndependencies:\n  - role: db\n' })).toEqual(['meta-no-info@roles/web/meta/main.yml:1']);
  });

  it('schema[meta]: bare dependency names, a numeric min_ansible_version, unknown platform versions', () => {
    expect(rules({ 'roles/web/meta/main.yml': '---\ndependencies:\n  - db\n' })).toContain('schema[meta]@roles/web/meta/main.yml:1');
    expect(rules({ 'meta/main.yml': GOOD_META.replace('"2.14"', '2.14') })).toEqual(['schema[meta]@meta/main.yml:1']);
    expect(rules({ 'meta/main.yml': GOOD_META.replace('bookworm', 'trixie') })).toEqual(['schema[meta]@meta/main.yml:1']);
  });

  it('schema[tasks]: a tasks file against the tasks schema', () => {
    const found = rules({ 'tasks/main.yml': '---\n- name: Loop\n  ansible.builtin.debug:\n    msg: "{{ item }}"\n  with_items: users\n' });
    expect(found).toContain('schema[tasks]@tasks/main.yml:1');
  });

  it('deprecated-module: `include` in a role\'s tasks file (which no syntax check reaches)', () => {
    expect(rules({ 'tasks/main.yml': '---\n- name: Inc\n  include: other.yml\n', 'tasks/other.yml': '---\n[]\n' })).toContain('deprecated-module@tasks/main.yml:2');
  });

  it('runs task rules on tasks and handlers files but not on vars files', () => {
    const task = '---\n- name: run\n  ansible.builtin.shell: echo hi\n';
    expect(rules({ 'tasks/main.yml': task })).toContain('name[casing]@tasks/main.yml:2');
    expect(rules({ 'handlers/main.yml': task })).toContain('name[casing]@handlers/main.yml:2');
    expect(rules({ 'vars/main.yml': '---\nx: 1\n' })).toEqual([]);
  });
});
