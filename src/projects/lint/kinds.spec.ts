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
