import { lintProject } from './project-lint';
import { projectOf } from './test-project';

const PLAY = (role: string) => `---\n- name: Site\n  hosts: all\n  roles:\n    - role: ${role}\n`;
const TASK = '---\n- name: Say hi\n  debug:\n    msg: hi\n';
const lint = (tree: Record<string, string>, name = 'p') => lintProject(projectOf(tree), { projectName: name });

describe('lintProject: roles', () => {
  it('finds a role under the playbook\'s roles/ folder, so the syntax check passes and every rule runs', () => {
    const result = lint({ 'site.yml': PLAY('web'), 'roles/web/tasks/main.yml': TASK });
    expect(result.findings.map((f) => f.rule)).toEqual(['fqcn[action-core]']);
  });

  it('fails syntax-check on a missing role, and then no other rule runs anywhere', () => {
    const result = lint({ 'site.yml': PLAY('db'), 'roles/web/tasks/main.yml': TASK });
    expect(result.findings.map((f) => `${f.rule}@${f.path}:${f.line}`)).toEqual(['syntax-check[specific]@site.yml:5']);
    expect(result.findings[0].message).toContain("the role 'db' was not found");
  });

  it('links a role repository as <namespace>.<role_name> from its meta (the online behaviour)', () => {
    const repo = {
      'meta/main.yml': '---\ngalaxy_info:\n  namespace: acme\n  role_name: web\n  author: Jane Doe\n  min_ansible_version: "2.14"\n  description: d\n  license: MIT\n  platforms:\n    - name: Debian\n      versions: [all]\n',
      'tasks/main.yml': TASK,
    };
    expect(lint({ ...repo, 'molecule/default/converge.yml': PLAY('acme.web') }).findings.map((f) => f.rule)).toEqual(['fqcn[action-core]']);
    expect(lint({ ...repo, 'molecule/default/converge.yml': PLAY('web') }).findings.map((f) => f.rule)).toEqual(['syntax-check[specific]']);
    expect(lint({ ...repo, 'molecule/default/converge.yml': PLAY('acme.web') }).mode_note).toContain("linked as 'acme.web'");
  });

  it('takes the author as namespace unless it is a person\'s name, and the folder name without role_name', () => {
    const meta = (author: string) => ({ 'meta/main.yml': `galaxy_info:\n  author: ${author}\n  min_ansible_version: "2.14"\n  description: d\n  license: MIT\n  platforms:\n    - name: Debian\n      versions: [all]\n`, 'tasks/main.yml': TASK });
    expect(lint({ ...meta('acme'), 'tests/test.yml': PLAY('acme.myrole') }, 'myrole').findings.map((f) => f.rule)).toEqual(['fqcn[action-core]']);
    expect(lint({ ...meta('Jane Doe'), 'tests/test.yml': PLAY('Jane Doe.myrole') }, 'myrole').findings.map((f) => f.rule)).toEqual(['syntax-check[specific]']);
  });

  it('resolves a relative role path from the playbook (tests/roles/../../ is the repository root)', () => {
    const result = lint({ 'tasks/main.yml': TASK, 'tests/test.yml': '---\n- name: T\n  hosts: all\n  roles:\n    - ../../\n' });
    expect(result.findings.map((f) => `${f.rule}@${f.path}:${f.line}`)).toEqual(['fqcn[action-core]@tasks/main.yml:2', 'role-name[path]@tests/test.yml:2']);
  });

  it('looks in the roles_path of the project\'s ansible.cfg too', () => {
    const tree = { 'playbooks/site.yml': PLAY('web'), 'shared/web/tasks/main.yml': TASK };
    expect(lint(tree).findings.map((f) => f.rule)).toEqual(['syntax-check[specific]']);
    expect(lint({ ...tree, 'ansible.cfg': '[defaults]\nroles_path = ./shared:/etc/ansible/roles\n' }).findings.map((f) => f.rule)).toEqual(['fqcn[action-core]']);
  });

  it('takes mock_roles as present and extra_vars as defined, as the config tells the syntax check', () => {
    const play = '---\n- name: Site\n  hosts: "{{ targets }}"\n  roles:\n    - acme.base\n';
    expect(lint({ 'site.yml': play }).findings.map((f) => f.rule)).toEqual(['syntax-check[specific]']);
    const config = "mock_roles:\n  - acme.base\nextra_vars:\n  targets: all\n";
    expect(lint({ 'site.yml': play, '.ansible-lint': config }).findings).toEqual([]);
  });

  it('reports a file that cannot be loaded as load-failure, which also stops every other rule', () => {
    const result = lint({ 'roles/web/tasks/main.yml': TASK, 'roles/web/vars/main.yml': 'a: [1\n' });
    expect(result.findings.map((f) => `${f.rule}@${f.path}`)).toEqual(['load-failure@roles/web/vars/main.yml']);
    expect(result.profile).toBe('');
  });
});
