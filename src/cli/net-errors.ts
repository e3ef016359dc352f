import { CliError, EXIT } from './exit-codes';

/**
 * fetch fails with a bare "fetch failed" TypeError; the reason (ECONNREFUSED, ENOTFOUND, a
 * timeout) is in its cause. One line that names the address and the reason.
 */
export function unreachable(what: string, url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(`cannot reach ${what} at ${new URL(url).origin} (${reason})`, EXIT.unreachable);
}

/** Calls fetch; a network failure becomes the one-line `unreachable` error. */
export async function fetchOrUnreachable(what: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw unreachable(what, url, error);
  }
}
