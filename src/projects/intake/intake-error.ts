/**
 * Why an archive or a repository was refused. Every code is a client's fault (4xx): hostile or
 * broken input must never look like a server error, and never leave a partial revision behind.
 */
export const INTAKE_CODES = {
  unsafe_path: 400,
  link_outside_tree: 400,
  special_file: 400,
  duplicate_entry: 400,
  bad_file_name: 400,
  corrupt_archive: 400,
  archive_bomb: 400,
  unsupported_archive: 415,
  too_many_files: 413,
  too_large: 413,
  git_url_refused: 400,
  git_ref_not_found: 400,
  git_failed: 400,
  git_timeout: 400,
} as const;

export type IntakeCode = keyof typeof INTAKE_CODES;

export class IntakeError extends Error {
  override readonly name = 'IntakeError';

  constructor(
    readonly code: IntakeCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return INTAKE_CODES[this.code];
  }
}

/**
 * Any failure while reading an upload, as an IntakeError: our own pass through, and whatever the
 * parsers throw (zlib, tar-stream, yauzl, a cut-off upload) means the archive is broken.
 */
export function asIntakeError(err: unknown): IntakeError {
  if (err instanceof IntakeError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new IntakeError('corrupt_archive', `the archive is truncated or corrupt (${detail.slice(0, 200)})`);
}
