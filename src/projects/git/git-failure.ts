import { IntakeError } from '../intake/intake-error';
import { redactUrl } from './git-url-policy';

const REF_MISSING = /couldn't find remote ref|not our ref|unadvertised object|no such remote ref/i;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** Why a `git fetch` that exited non-zero failed, as the client should read it. */
export function fetchFailure(stderr: string, ref: string, hidden: string[]): IntakeError {
  if (REF_MISSING.test(stderr)) return new IntakeError('git_ref_not_found', refMissing(ref));
  return gitFailed('git fetch', stderr, hidden);
}

/** Git's last meaningful line (its `fatal:` if any), with credentials and our own paths removed. */
export function gitFailed(step: string, stderr: string, hidden: string[]): IntakeError {
  return new IntakeError('git_failed', `${step} failed: ${redactText(lastMessage(stderr), hidden) || 'no message from git'}`);
}

function refMissing(ref: string): string {
  if (FULL_SHA.test(ref)) return `commit ${ref} was not found in the repository`;
  const hint = /^[0-9a-f]{7,39}$/i.test(ref) ? ' (an abbreviated commit sha cannot be fetched: give all its digits)' : '';
  return `the ref "${ref}" was not found in the repository${hint}`;
}

function lastMessage(stderr: string): string {
  const lines = stderr.split(/[\r\n]+/).map((l) => l.trim()).filter((l) => l !== '' && !/\d+% \(\d+\/\d+\)/.test(l));
  return lines.filter((l) => /^(fatal|error):/.test(l)).pop() ?? lines.pop() ?? '';
}

/** `hidden` paths (the checkout, the private HOME) are the host's business, not the client's. */
export function redactText(text: string, hidden: string[]): string {
  let safe = redactUrl(text);
  for (const path of hidden) safe = safe.split(path).join('…');
  return safe.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 300);
}
