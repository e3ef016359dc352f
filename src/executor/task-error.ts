/**
 * An expected failure of a task, with a stable code users can act on (`runner_unavailable`,
 * `playbook_not_found`, …). Anything else a handler throws is reported as `handler_error`, with
 * the stack trace kept in the logs only.
 */
export class TaskError extends Error {
  override readonly name = 'TaskError';

  constructor(
    readonly code: string,
    message: string,
    /** Whether another attempt may succeed (only then is the task retried). */
    readonly retryable = false,
  ) {
    super(message);
  }
}
