import { commonTopFolder, stripTopFolder } from './top-folder';
import type { TreeEntry } from './tree-entry';

describe('commonTopFolder', () => {
  it.each([
    [['proj/site.yml', 'proj/roles/web/tasks/main.yml'], 'proj'],
    [['ansible-main-1a2b3c/site.yml'], 'ansible-main-1a2b3c'],
    [['site.yml', 'roles/web/tasks/main.yml'], undefined],
    [['proj/site.yml', 'proj'], undefined], // a lone file (or link) at the top level
    [['a/site.yml', 'b/site.yml'], undefined],
    [[], undefined],
  ])('of %j is %j', (paths, folder) => expect(commonTopFolder(paths)).toBe(folder));
});

describe('stripTopFolder', () => {
  const symlink = (target: string, resolved: string): TreeEntry => ({ kind: 'symlink', path: 'proj/roles/x.yml', mode: 0o120000, target, resolved });

  it('strips the path and what links point to', () => {
    expect(stripTopFolder(symlink('../site.yml', 'proj/site.yml'), 'proj')).toEqual({ ...symlink('../site.yml', 'site.yml'), path: 'roles/x.yml' });
    expect(stripTopFolder({ kind: 'hardlink', path: 'proj/b', mode: 0o644, target: 'proj/a' }, 'proj')).toEqual({ kind: 'hardlink', path: 'b', mode: 0o644, target: 'a' });
  });

  it('refuses a link that leaves the folder (link_outside_tree)', () => {
    for (const entry of [symlink('../../x', 'x'), symlink('..', 'proj'), symlink('../../projx/a', 'projx/a')]) {
      expect(() => stripTopFolder(entry, 'proj')).toThrow(expect.objectContaining({ code: 'link_outside_tree' }));
    }
  });
});
