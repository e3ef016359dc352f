import { IntakeError } from './intake-error';
import { decodeEntryName, normaliseEntryPath, resolveLinkTarget } from './entry-path';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as IntakeError).code;
  }
}

describe('entry paths', () => {
  it.each([['./site.yml', 'site.yml'], ['roles//web/tasks/main.yml', 'roles/web/tasks/main.yml'], ['roles/web/', 'roles/web'], ['a/./b', 'a/b']])(
    'normalises %s to %s', (raw, path) => expect(normaliseEntryPath(raw)).toBe(path));

  it.each(['/etc/passwd', '../x', 'a/../../x', 'a/..', '..', 'C:/x', 'a\\..\\x', 'a\0b', '', '.', './'])(
    'refuses %j', (raw) => expect(codeOf(() => normaliseEntryPath(raw))).toBe('unsafe_path'));

  it('resolves links inside the tree and refuses the rest', () => {
    expect(resolveLinkTarget('tests/roles/x/tasks', '../../../tasks')).toBe('tasks');
    expect(resolveLinkTarget('vars/CentOS_8.yml', 'RedHat_8.yml')).toBe('vars/RedHat_8.yml');
    expect(resolveLinkTarget('a/b/link', './../c/./d')).toBe('a/c/d');
    for (const target of ['../../etc/passwd', '/etc/passwd', '../..', '..', '', 'up/../..', 'c/../d']) {
      expect(codeOf(() => resolveLinkTarget('a/link', target))).toBe('link_outside_tree');
    }
  });

  it('refuses names that are not UTF-8', () => {
    expect(decodeEntryName(Buffer.from('rôles/a.yml'))).toBe('rôles/a.yml');
    expect(codeOf(() => decodeEntryName(Buffer.from([0x72, 0xf4, 0x6c])))).toBe('bad_file_name');
  });
});
