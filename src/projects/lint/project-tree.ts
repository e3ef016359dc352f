import { globToRegExp } from './glob';
import { kindOf, KindRule } from './kinds';
import { ProjectFile } from './project-lint.types';

/** One of ansible-lint's lintables: a file with a kind, or a role directory (kind `role`). */
export interface Lintable {
  path: string;
  /** From the `kinds` globs; a `yaml` file may still turn out to be a playbook once loaded. */
  kind: string;
  /** Undefined for a role directory. */
  file?: ProjectFile;
}

/** The project as ansible-lint sees it: its files by path, its directories, its lintables. */
export interface ProjectTree {
  files: Map<string, ProjectFile>;
  dirs: Set<string>;
  lintables: Lintable[];
}

export function buildTree(all: ProjectFile[], kinds: KindRule[], excludePaths: string[]): ProjectTree {
  const excluded = exclusion(excludePaths);
  const files = new Map(all.filter((f) => !excluded(f.path)).map((f) => [f.path, withText(f, all)]));
  const dirs = new Set<string>(['']);
  for (const path of files.keys()) for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) dirs.add(path.slice(0, i));
  const lintables: Lintable[] = [...roleDirs(dirs, kinds), ...fileLintables(files, kinds)];
  return { files, dirs, lintables };
}

/** A symlink is linted with its target's content, as git's working tree would show it. */
function withText(file: ProjectFile, all: ProjectFile[]): ProjectFile {
  if (file.symlinkTarget === undefined) return file;
  const target = all.find((f) => f.path === file.symlinkTarget);
  return target ? { ...file, text: target.text, sha256: target.sha256 } : { ...file, text: undefined };
}

/** `exclude_paths` entries are paths (a directory excludes what is under it) or globs. */
function exclusion(entries: string[]): (path: string) => boolean {
  const tests = entries.map((entry) => {
    const clean = entry.replace(/^\.\//, '').replace(/\/+$/, '');
    const glob = globToRegExp(clean);
    return (path: string) => path === clean || path.startsWith(`${clean}/`) || glob.test(path);
  });
  return (path) => tests.some((test) => test(path));
}

function roleDirs(dirs: Set<string>, kinds: KindRule[]): Lintable[] {
  return [...dirs].filter((dir) => dir && kindOf(`${dir}/`, kinds) === 'role').map((path) => ({ path, kind: 'role' }));
}

function fileLintables(files: Map<string, ProjectFile>, kinds: KindRule[]): Lintable[] {
  return [...files.values()].flatMap((file) => {
    const kind = kindOf(file.path, kinds);
    if (!kind || file.text === undefined) return [];
    return [{ path: file.path, kind, file }];
  });
}
