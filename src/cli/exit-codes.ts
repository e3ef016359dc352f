/**
 * The CLI's exit codes, like ansible-lint's where they overlap (0 clean, 2 findings failed), so
 * a pipeline can tell "the code has problems" from "the check could not run". README lists them.
 */
export const EXIT = {
  ok: 0,
  /** Something unexpected (a bug): the one case that is not a known failure. */
  internal: 1,
  /** Lint errors (or warnings under --strict), or a test run whose playbook failed. */
  findings: 2,
  /** The task itself failed (Relia could not run it) or was canceled. */
  taskFailed: 3,
  /** A wrong option, argument or value. */
  usage: 4,
  /** Not signed in, or the login expired and could not be refreshed: run `relia login`. */
  loginNeeded: 5,
  /** The service refused the token (401/403). */
  tokenRefused: 6,
  /** No service configured, or it could not be reached. */
  unreachable: 7,
  /** Left a running task on a second Ctrl-C; it goes on (`relia watch ID`). */
  detached: 130,
} as const;

/** A failure the CLI expects and explains in one line, with its exit code; never a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);
