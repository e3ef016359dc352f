/** A file of a revision as stored: the bytes are in the blob `sha256`. */
export interface FileRow {
  path: string;
  mode: number;
  size: number;
  sha256: Buffer;
  /** Symlinks only: the target as written in the link. */
  linkTarget?: string;
  /** Set while streaming; the path rule is applied once the final paths are known. */
  playsFound: boolean;
}
