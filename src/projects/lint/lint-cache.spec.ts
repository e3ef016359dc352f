import { lintProject } from './project-lint';
import { ProjectFile } from './project-lint.types';
import { projectOf } from './test-project';

const TASK = (name: string) => `---\n- name: ${name}\n  command: echo ${name}\n`;
const BASE = {
  'site.yml': '---\n- name: Site\n  hosts: all\n  roles:\n    - web\n    - db\n',
  'roles/web/tasks/main.yml': TASK('web'),
  'roles/db/tasks/main.yml': TASK('db'),
  'roles/db/vars/main.yml': '---\ndb_port: 5432\n',
};
const OPTIONS = { projectName: 'p' };
const withoutCacheFlags = (r: ReturnType<typeof lintProject>) => ({ ...r, files: r.files.map(({ cached: _, ...f }) => f), cache: undefined });
const cachedPaths = (r: ReturnType<typeof lintProject>) => r.files.filter((f) => f.cached).map((f) => f.path);

describe('lintProject: cache', () => {
  it('re-lints only the file that changed, and gives the same result as a lint without the cache', () => {
    const first = lintProject(projectOf(BASE), OPTIONS);
    const changed = projectOf({ ...BASE, 'roles/db/tasks/main.yml': TASK('database') });
    const cached = lintProject(changed, OPTIONS, first);
    expect(cached.files.filter((f) => !f.cached).map((f) => f.path)).toEqual(['roles/db/tasks/main.yml']);
    expect(cached.cache).toEqual({ hits: first.files.length - 1, misses: 1 });
    expect(withoutCacheFlags(cached)).toEqual(withoutCacheFlags(lintProject(changed, OPTIONS)));
  });

  it('uses the stored findings instead of linting again', () => {
    const first = lintProject(projectOf(BASE), OPTIONS);
    const forged = { ...first, findings: first.findings.filter((f) => f.path !== 'roles/web/tasks/main.yml') };
    const again = lintProject(projectOf(BASE), OPTIONS, forged);
    expect(again.findings.some((f) => f.path === 'roles/web/tasks/main.yml')).toBe(false);
    expect(cachedPaths(again)).toContain('roles/web/tasks/main.yml');
  });

  it('misses for every file when the options change, since they are part of each key', () => {
    const first = lintProject(projectOf(BASE), OPTIONS);
    const other = lintProject(projectOf(BASE), { ...OPTIONS, skip_list: ['name'] }, first);
    expect(other.cache.hits).toBe(0);
    expect(other.files.map((f) => f.key)).not.toEqual(first.files.map((f) => f.key));
  });

  it('redoes the cross-file syntax check: removing a role fails the cached playbook', () => {
    const first = lintProject(projectOf(BASE), OPTIONS);
    const files: ProjectFile[] = projectOf(BASE).filter((f) => !f.path.startsWith('roles/db/'));
    const second = lintProject(files, OPTIONS, first);
    expect(second.findings.map((f) => `${f.rule}@${f.path}`)).toEqual(['syntax-check[specific]@site.yml']);
    // Back to the full project: the files cached in phase-1-only runs are linted again.
    const third = lintProject(projectOf(BASE), OPTIONS, second);
    expect(withoutCacheFlags(third)).toEqual(withoutCacheFlags(first));
  });
});
