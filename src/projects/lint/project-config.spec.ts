import { lintProject } from './project-lint';
import { projectOf } from './test-project';

const BAD_TASK = '---\n- name: run it\n  ansible.builtin.command: git pull\n';
const rulesOf = (tree: Record<string, string>) => lintProject(projectOf(tree), { projectName: 'p' }).findings.map((f) => `${f.rule}@${f.path}:${f.severity}`);

describe('lintProject: .ansible-lint', () => {
  it('rejects a config with a key 6.13 does not know, lints nothing and fails, naming the key', () => {
    const result = lintProject(projectOf({ '.ansible-lint': 'supported_ansible_also:\n  - "2.9"\n', 'tasks/main.yml': BAD_TASK }), { projectName: 'p' });
    expect(result.passed).toBe(false);
    expect(result.config.error).toContain("'supported_ansible_also' was unexpected");
    expect(result.files).toEqual([]);
    expect(result.findings.map((f) => f.rule)).toEqual(['config-error']);
  });

  it('accepts the keys it knows', () => {
    const result = lintProject(projectOf({ '.ansible-lint': 'offline: true\nprofile: min\nexclude_paths: []\n', 'tasks/main.yml': BAD_TASK }), { projectName: 'p' });
    expect(result.config).toEqual({ path: '.ansible-lint' });
  });

  it('drops exclude_paths before linting', () => {
    const tree = { 'tests/tasks/main.yml': BAD_TASK, 'tasks/main.yml': BAD_TASK };
    expect(rulesOf(tree).some((r) => r.includes('tests/'))).toBe(true);
    expect(rulesOf({ ...tree, '.ansible-lint': 'exclude_paths:\n  - tests/\n' }).some((r) => r.includes('tests/'))).toBe(false);
  });

  it('turns warn_list entries into warnings, old numeric ids included', () => {
    expect(rulesOf({ 'tasks/main.yml': BAD_TASK })).toContain('command-instead-of-module@tasks/main.yml:error');
    expect(rulesOf({ 'tasks/main.yml': BAD_TASK, '.ansible-lint': "warn_list: ['303']\n" })).toContain('command-instead-of-module@tasks/main.yml:warning');
  });

  it('skips skip_list entries by new id, old id and old name', () => {
    const skipped = (list: string) => rulesOf({ 'tasks/main.yml': BAD_TASK, '.ansible-lint': `skip_list: ${list}\n` });
    expect(skipped("['name']")).not.toContain('name[casing]@tasks/main.yml:error');
    expect(skipped("['303']").some((r) => r.startsWith('command-instead-of-module'))).toBe(false);
    expect(skipped("['no-changed-when']").some((r) => r.startsWith('no-changed-when'))).toBe(false);
  });

  it('lets request options extend the config lists', () => {
    const result = lintProject(projectOf({ 'tasks/main.yml': BAD_TASK }), { projectName: 'p', skip_list: ['name'], warn_list: ['no-changed-when'] });
    expect(result.findings.some((f) => f.rule.startsWith('name'))).toBe(false);
    expect(result.findings.find((f) => f.rule === 'no-changed-when')?.severity).toBe('warning');
  });

  it('puts the config\'s kinds before the defaults', () => {
    const tree = { 'tests/setup.yml': BAD_TASK };
    expect(lintProject(projectOf(tree), { projectName: 'p' }).files.map((f) => f.kind)).toEqual(['yaml']);
    const custom = lintProject(projectOf({ ...tree, '.ansible-lint': 'kinds:\n  - tasks: "**/tests/*.yml"\n' }), { projectName: 'p' });
    expect(custom.files.find((f) => f.path === 'tests/setup.yml')?.kind).toBe('tasks');
    expect(custom.findings.some((f) => f.rule === 'command-instead-of-module')).toBe(true);
  });

  it('runs only the profile\'s rules, the request\'s profile winning over the config\'s', () => {
    const rules = (config: string, profile?: 'production') =>
      lintProject(projectOf({ 'tasks/main.yml': BAD_TASK, '.ansible-lint': config }), { projectName: 'p', profile }).findings.map((f) => f.rule);
    expect(rules('profile: min\n')).toEqual([]);
    expect(rules('profile: min\n', 'production')).toContain('name[casing]');
  });

  it('follows offline: true (no role repository link) and says so', () => {
    const repo = { 'meta/main.yml': 'galaxy_info:\n  namespace: acme\n  role_name: web\n', 'tasks/main.yml': '---\n[]\n', 'tests/t.yml': '---\n- name: T\n  hosts: all\n  roles:\n    - acme.web\n' };
    expect(lintProject(projectOf(repo), { projectName: 'web' }).mode).toBe('online');
    const offline = lintProject(projectOf({ ...repo, '.ansible-lint': 'offline: true\n' }), { projectName: 'web' });
    expect(offline.mode).toBe('offline');
    expect(offline.findings.map((f) => f.rule)).toEqual(['syntax-check[specific]']);
  });

  it('applies the .yamllint rules it can: a disabled rule reports nothing', () => {
    const tree = { 'tasks/main.yml': '---\n- name: X\n  ansible.builtin.debug:\n    msg: hi   \n' };
    expect(rulesOf(tree)).toContain('yaml[trailing-spaces]@tasks/main.yml:error');
    expect(rulesOf({ ...tree, '.yamllint': 'rules:\n  trailing-spaces: disable\n' })).not.toContain('yaml[trailing-spaces]@tasks/main.yml:error');
  });
});
