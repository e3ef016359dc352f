import { asIntakeError, type IntakeError } from './intake-error';

/**
 * The first problem of one read. A file's content stream can fail while the entry iterator is
 * paused at that entry; the iterator rethrows the same error when asked for the next entry, so the
 * consumer sees the one cause whichever side it is looking at.
 */
export class FirstFailure {
  private error: IntakeError | undefined;

  record(err: unknown): IntakeError {
    this.error ??= asIntakeError(err);
    return this.error;
  }

  throwIfAny(): void {
    if (this.error) throw this.error;
  }
}
