import { lint, LintInput } from '../src/playbooks/lint/lint.worker';

/** Piscina hands a worker only the task; the bench has no task to cancel or report progress on. */
export default function lintInPool(input: LintInput) {
  return lint(input, { signal: new AbortController().signal, progress: () => undefined, trackChild: () => undefined });
}
