import { globToRegExp } from '../../projects/lint/glob';

/** The patterns of a `.yamllint` `ignore` (a block of lines, or a list), comments and blanks left out. */
export function ignorePatterns(ignore: unknown): string[] {
  const lines = typeof ignore === 'string' ? ignore.split(/\r?\n/) : Array.isArray(ignore) ? ignore.map(String) : [];
  return lines.map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

/**
 * gitignore-style matching, as yamllint's `ignore` does: a pattern with an inner `/` is anchored at
 * the project root, one without matches at any depth; a trailing `/` (or a folder match) covers
 * everything below. Negations (`!x`) are not supported and match nothing.
 */
export function ignoredByYamllint(path: string, patterns: string[]): boolean {
  return patterns.some((pattern) => !pattern.startsWith('!') && patternRegExp(pattern).test(path));
}

function patternRegExp(pattern: string): RegExp {
  const body = pattern.replace(/\/$/, '');
  const anchored = body.includes('/');
  const glob = anchored ? body.replace(/^\//, '') : `**/${body}`;
  // The path itself or anything below it.
  return new RegExp(`${globToRegExp(glob).source.slice(0, -1)}(?:/.*)?$`);
}
