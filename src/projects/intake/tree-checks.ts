import { normaliseEntryPath, resolveLinkTarget } from './entry-path';
import { IntakeBudget } from './intake-budget';
import { IntakeError } from './intake-error';
import { fileModeOf, SYMLINK_MODE, type IntakeLimits } from './tree-entry';

/**
 * The checks every archive entry passes, whatever the format: a safe path, counted once, and
 * links that stay inside the tree. Formats only say what kind an entry is.
 */
export class TreeChecks {
  readonly budget: IntakeBudget;
  /** Regular files so far: the only entries a hard link may point to. */
  private readonly files = new Set<string>();

  constructor(limits: IntakeLimits) {
    this.budget = new IntakeBudget(limits);
  }

  /** Not yielded (paths imply directories), but still a path that must be safe and unique. */
  directory(rawPath: string): void {
    this.budget.addEntry(normaliseEntryPath(rawPath), true);
  }

  file(rawPath: string, unixMode: number): { path: string; mode: number } {
    const path = this.add(rawPath);
    this.files.add(path);
    return { path, mode: fileModeOf(unixMode) };
  }

  symlink(rawPath: string, target: string): { kind: 'symlink'; path: string; mode: number; target: string; resolved: string } {
    const path = this.add(rawPath);
    return { kind: 'symlink', path, mode: SYMLINK_MODE, target, resolved: resolveLinkTarget(path, target) };
  }

  /** A tar hard link names its target from the archive root, and it must be a file seen before. */
  hardlink(rawPath: string, rawTarget: string, unixMode: number): { kind: 'hardlink'; path: string; mode: number; target: string } {
    const path = this.add(rawPath);
    const target = linkTargetPath(path, rawTarget, this.files);
    return { kind: 'hardlink', path, mode: fileModeOf(unixMode), target };
  }

  special(rawPath: string, what: string): never {
    throw new IntakeError('special_file', `"${normaliseEntryPath(rawPath)}" is a ${what}: only files, directories and links are allowed`);
  }

  private add(rawPath: string): string {
    const path = normaliseEntryPath(rawPath);
    this.budget.addEntry(path);
    return path;
  }
}

function linkTargetPath(path: string, rawTarget: string, files: Set<string>): string {
  let target: string | undefined;
  try {
    target = normaliseEntryPath(rawTarget);
  } catch {
    // an unsafe target is refused below like any target that is not a file of the tree
  }
  if (target !== undefined && files.has(target)) return target;
  throw new IntakeError('link_outside_tree', `hard link "${path}" does not point to an earlier file of the project`);
}
