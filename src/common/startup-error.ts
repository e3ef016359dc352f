/** A reason the service cannot start that the operator fixes: reported as one line, no stack. */
export class StartupError extends Error {
  override readonly name: string = 'StartupError';
}
