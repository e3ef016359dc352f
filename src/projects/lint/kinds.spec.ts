import { globToRegExp } from './glob';
import { DEFAULT_KINDS, kindOf } from './kinds';
import { lintProject } from './project-lint';
import { projectOf } from './test-project';

describe('kinds', () => {
  it.each([
    ['site.yml', 'yaml'],
    ['roles/web/tasks/main.yml', 'tasks'],
    ['roles/web/tasks/sub/x.yaml', 'tasks'],
    ['roles/web/handlers/main.yml', 'handlers'],
    ['group_vars/all.yml', 'vars'],
    ['roles/web/defaults/main.yml', 'vars'],
    ['roles/web/meta/main.yml', 'meta'],
    ['requirements.yml', 'requirements'],
    ['molecule/default/converge.yml', 'playbook'],
    ['molecule/default/molecule.yml', 'yaml'],
    ['playbooks/deploy.yml', 'playbook'],
    ['roles/web/templates/nginx.conf.j2', 'jinja2'],
    ['roles/web/templates/x.yml', 'text'],
    ['.ansible-lint', 'ansible-lint-config'],
    ['roles/web/', 'role'],
  ])('gives %s the kind %s (first matching glob wins)', (path, kind) => {
    expect(kindOf(path, DEFAULT_KINDS)).toBe(kind);
  });

  it('gives no kind to files ansible-lint does not lint', () => {
    expect(kindOf('README.md', DEFAULT_KINDS)).toBeUndefined();
    expect(kindOf('roles/a/b/', DEFAULT_KINDS)).toBeUndefined();
  });

  it('reads globs the way wcmatch does: ** spans zero or more directories, braces are alternatives', () => {
    expect(globToRegExp('**/tasks/*.{yml,yaml}').test('tasks/main.yaml')).toBe(true);
    expect(globToRegExp('**/tasks/*.{yml,yaml}').test('a/b/tasks/main.yml')).toBe(true);
    expect(globToRegExp('**/tasks/*.{yml,yaml}').test('a/tasks/b/main.yml')).toBe(false);
  });

  it('lints a generic YAML file that a playbook imports as tasks (and vars_files as vars), as 6.13 does', () => {
    const files = projectOf({
      'site.yml': '---\n- name: Site\n  hosts: all\n  vars_files:\n    - settings.yml\n  tasks:\n    - name: Inc\n      ansible.builtin.import_tasks: includes/setup.yml\n',
      'includes/setup.yml': '---\n- name: Run\n  ansible.builtin.shell: echo hi\n',
      'settings.yml': '---\nx: 1\n',
    });
    const result = lintProject(files, { projectName: 'p' });
    expect(result.files.map((f) => `${f.path}=${f.kind}`)).toEqual(['includes/setup.yml=tasks', 'settings.yml=vars', 'site.yml=playbook']);
    expect(result.findings.map((f) => `${f.rule}@${f.path}:${f.line}`).sort()).toEqual(['command-instead-of-shell@includes/setup.yml:2', 'no-changed-when@includes/setup.yml:2']);
  });

  it('lints a generic YAML file that holds plays as a playbook, and role folders as roles', () => {
    const files = projectOf({
      'site.yml': '- hosts: all\n  tasks: []\n',
      'docs/env.yml': 'name: env\n',
      'roles/web/tasks/main.yml': '- name: X\n  ansible.builtin.debug:\n',
    });
    const result = lintProject(files, { projectName: 'p' });
    expect(result.files.map((f) => `${f.path}=${f.kind}`)).toEqual(['docs/env.yml=yaml', 'roles/web=role', 'roles/web/tasks/main.yml=tasks', 'site.yml=playbook']);
  });
});
