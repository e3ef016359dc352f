import type { Readable } from 'node:stream';

/** Unpacking stops as soon as one of these is passed (RELIA_PROJECT_MAX_*). */
export interface IntakeLimits {
  maxFiles: number;
  maxUnpackedBytes: number;
  /** The compressed upload (archives only). */
  maxCompressedBytes: number;
}

/**
 * One entry of a project tree as an archive reader or a git checkout walker yields it, already
 * checked: a normalised relative path, and links that stay inside the tree. A file's content must
 * be read to its end before the next entry is asked for.
 */
/**
 * Modes as the tree records them. Only the executable bit of a file survives (owner, group and
 * sticky bits of an upload mean nothing here); a symlink carries just its type, as git records it,
 * since a link's own permission bits are never used.
 */
export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;
export const SYMLINK_MODE = 0o120000;

/** FILE_MODE or EXECUTABLE_MODE, from any Unix mode (tar header, zip external attributes). */
export function fileModeOf(unixMode: number): number {
  return unixMode & 0o111 ? EXECUTABLE_MODE : FILE_MODE;
}

export type TreeEntry =
  | { kind: 'file'; path: string; mode: number; content: Readable }
  | { kind: 'symlink'; path: string; mode: number; target: string; resolved: string }
  /** A tar hard link: the same content as an earlier file of the tree. */
  | { kind: 'hardlink'; path: string; mode: number; target: string };

export type TreeSource = AsyncIterable<TreeEntry>;
