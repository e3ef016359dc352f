import { IntakeError } from '../intake/intake-error';

/**
 * One signal for everything that ends a fetch early — the task's cancel, the timeout, a limit —
 * whose reason is the error the fetch then throws: the first of them wins.
 */
export class FetchStop {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCancel = (): void => this.abort(cancelError(this.cancel));

  constructor(private readonly cancel: AbortSignal, timeoutSeconds: number) {
    const timeout = new IntakeError('git_timeout', `the git fetch took longer than ${timeoutSeconds} s (RELIA_GIT_TIMEOUT_SECONDS)`);
    // setTimeout fires at once past 2^31 - 1 ms; anything that long is "no limit" in practice.
    this.timer = setTimeout(() => this.abort(timeout), Math.min(timeoutSeconds * 1000, 2 ** 31 - 1));
    if (cancel.aborted) this.onCancel();
    else cancel.addEventListener('abort', this.onCancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(error: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(error);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.cancel.removeEventListener('abort', this.onCancel);
  }
}

/** The task's own reason when it gave one (as the runner does), else a plain AbortError. */
function cancelError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The git fetch was canceled', 'AbortError');
}
