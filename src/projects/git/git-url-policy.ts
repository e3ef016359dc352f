import { IntakeError } from '../intake/intake-error';

/** Which repositories a git source may name (RELIA_GIT_ALLOW_FILE_URLS, RELIA_GIT_ALLOWED_HOSTS). */
export interface GitUrlPolicy {
  allowFileUrls: boolean;
  /** Exact host names, compared case-insensitively; empty: any host. */
  allowedHosts: string[];
}

/** What of a URL the policy looks at. `user` is only ever checked, never shown. */
interface ParsedUrl {
  scheme: 'https' | 'ssh' | 'file';
  user: string | undefined;
  password: boolean;
  host: string;
}

const MAX_URL_LENGTH = 2048;
// Host names and bracketed IPv6 only: no percent-encoding, no IDN, nothing that a second parser
// (curl, ssh) could read as another host than the one checked here.
const HOST = '[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]';
const SCHEME_URL = new RegExp(`^([a-z][a-z0-9+.-]*)://(?:([^/]*)@)?(${HOST})?(?::(\\d{1,5}))?(/.*)?$`, 'i');
// scp-like `[user@]host:path`, as git reads it: a colon before any slash, and no `://`. No part
// may start with `-`, which ssh or git-upload-pack on the other side could take for an option.
const SCP_URL = new RegExp(`^(?:([A-Za-z0-9._][A-Za-z0-9._-]*)@)?(${HOST}):(?!-)(.+)$`);
const SSH_USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

/**
 * Refuses any repository URL that is not plainly https, ssh (or file:// when allowed), on an
 * allowed host, without credentials. Git's own transports (`ext::` runs a command, `fd::`, `git://`
 * without any authentication, local paths) are refused before git ever sees the string.
 */
export function checkGitUrl(url: string, policy: GitUrlPolicy): void {
  checkCharacters(url);
  const parsed = parseGitUrl(url);
  if (parsed.scheme === 'file') return checkFileUrl(url, policy);
  checkCredentials(parsed, url);
  checkHost(parsed.host, policy);
}

/**
 * Refuses refs git could read as an option or a revision expression rather than one name: a
 * branch, a tag, or a full commit sha (7–39 hex digits are only ever tried as a name).
 */
export function checkGitRef(ref: string): void {
  const why = refProblem(ref);
  if (why) throw new IntakeError('git_url_refused', `the git ref "${printable(ref)}" is not allowed: ${why}`);
}

function refProblem(ref: string): string | undefined {
  if (ref.length === 0 || ref.length > 255) return 'it must be 1 to 255 characters';
  if (ref.startsWith('-')) return 'it must not start with "-"';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return 'it must not contain spaces, control characters or any of ~^:?*[\\';
  if (ref.includes('..') || ref.includes('@{') || ref.includes('//')) return 'it must not contain "..", "@{" or "//"';
  if (/(^|\/)\.|\.lock(\/|$)|[/.]$|^\/|^@$/.test(ref)) return 'it is not a valid branch or tag name';
  return undefined;
}

/** The URL without `user:password@`, for messages and logs; also works on a line of text. */
export function redactUrl(text: string): string {
  // Git takes everything up to the first slash after `://` and before an `@` as user info.
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/]*@/gi, '$1');
}

function checkCharacters(url: string): void {
  if (url.length === 0) throw refused(url, 'the repository URL is empty');
  if (url.length > MAX_URL_LENGTH) throw refused(url, `the repository URL is longer than ${MAX_URL_LENGTH} characters`);
  if (/[^\x21-\x7e]/.test(url)) throw refused(url, 'the repository URL contains whitespace, control or non-ASCII characters');
  if (url.startsWith('-')) throw refused(url, 'the repository URL looks like a command-line option');
  if (url.includes('\\')) throw refused(url, 'the repository URL contains a backslash');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) throw refused(url, 'git transport helpers ("<transport>::<address>") are not allowed');
}

function parseGitUrl(url: string): ParsedUrl {
  const full = SCHEME_URL.exec(url);
  if (full) return fromSchemeUrl(url, full);
  const slash = url.indexOf('/');
  const scp = url.includes('://') || (slash !== -1 && slash < url.indexOf(':')) ? null : SCP_URL.exec(url);
  if (scp) return { scheme: 'ssh', user: scp[1], password: false, host: scp[2] };
  throw refused(url, 'the repository URL must be https://…, ssh://… or user@host:path');
}

function fromSchemeUrl(url: string, match: RegExpExecArray): ParsedUrl {
  const scheme = match[1].toLowerCase();
  if (!isAllowedScheme(scheme)) throw refused(url, `the "${scheme}://" scheme is not allowed: use https:// or ssh://`);
  const [user, password] = splitUserInfo(match[2]);
  if (scheme !== 'file' && !match[3]) throw refused(url, 'the repository URL has no host');
  if (scheme !== 'file' && !match[5]) throw refused(url, 'the repository URL has no path');
  return { scheme, user, password: password !== undefined, host: match[3] ?? '' };
}

function isAllowedScheme(scheme: string): scheme is ParsedUrl['scheme'] {
  return scheme === 'https' || scheme === 'ssh' || scheme === 'file';
}

function splitUserInfo(info: string | undefined): [string | undefined, string | undefined] {
  if (info === undefined) return [undefined, undefined];
  const colon = info.indexOf(':');
  return colon === -1 ? [info, undefined] : [info.slice(0, colon), info.slice(colon + 1)];
}

/** An ssh user name is not a secret (`git@host`); anything else in user info may be a token. */
function checkCredentials(parsed: ParsedUrl, url: string): void {
  const sshUserOnly = parsed.scheme === 'ssh' && !parsed.password && (parsed.user === undefined || SSH_USER.test(parsed.user));
  if (parsed.user === undefined || sshUserOnly) return;
  throw refused(url, 'the repository URL contains credentials: put credentials in RELIA_GIT_CREDENTIALS_FILE (or RELIA_GIT_SSH_KEY) instead');
}

function checkFileUrl(url: string, policy: GitUrlPolicy): void {
  if (!policy.allowFileUrls) throw refused(url, 'file:// repository URLs are not allowed (RELIA_GIT_ALLOW_FILE_URLS)');
  if (!url.toLowerCase().startsWith('file:///')) throw refused(url, 'a file:// URL must be file:///absolute/path');
}

function checkHost(host: string, policy: GitUrlPolicy): void {
  if (policy.allowedHosts.length === 0) return;
  const wanted = bareHost(host);
  if (policy.allowedHosts.some((allowed) => bareHost(allowed) === wanted)) return;
  throw new IntakeError('git_url_refused', `the git host "${printable(host)}" is not allowed (RELIA_GIT_ALLOWED_HOSTS)`);
}

function bareHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function refused(url: string, why: string): IntakeError {
  // Strips user info even from a URL too malformed for redactUrl to recognise.
  return new IntakeError('git_url_refused', `${why} (${printable(redactUrl(url).replace(/^[^/]*@/, ''))})`);
}

/** Safe to show: no control characters, bounded. */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
