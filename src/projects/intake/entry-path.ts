import { posix } from 'node:path';
import { IntakeError } from './intake-error';

const MAX_PATH_BYTES = 4096;

/**
 * The tree-relative form of an entry's name, or a refusal. Checked on the name as given *and*
 * after normalising, so `a/../../x`, `./../x` and `/x` are all refused, as are names that tools
 * on other systems read differently (backslashes, drive letters, NUL).
 */
export function normaliseEntryPath(raw: string): string {
  if (raw.includes('\0') || raw.includes('\\') || /^[A-Za-z]:/.test(raw)) throw unsafe(raw);
  if (raw.startsWith('/')) throw unsafe(raw);
  if (raw.split('/').includes('..')) throw unsafe(raw);
  const path = posix.normalize(raw).replace(/\/+$/, '').replace(/^(\.\/)+/, '');
  if (path === '' || path === '.' || path.startsWith('../') || path === '..') throw unsafe(raw);
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw new IntakeError('bad_file_name', `a path is longer than ${MAX_PATH_BYTES} bytes`);
  return path;
}

/**
 * Where a symlink at `linkPath` pointing to `target` lands, relative to the tree; refused when that
 * is outside the tree. Absolute targets are refused even when they would happen to match.
 */
export function resolveLinkTarget(linkPath: string, target: string): string {
  if (target === '' || target.startsWith('/') || target.includes('\0')) throw outside(linkPath, target);
  if (!climbsOnlyFirst(target)) throw outside(linkPath, target);
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (resolved === '..' || resolved.startsWith('../') || resolved === '.') throw outside(linkPath, target);
  return resolved;
}

/**
 * `..` only before the first name (`../../roles/x`, not `a/../..`). A name may itself be a symlink,
 * and `..` after it climbs from where that link points, not from where the name is: `l -> a/up/../..`
 * with `a/up -> ..` stays inside by lexical resolution but leaves the tree on disk. Leading `..`
 * climb from the link's own directory, which holds no symlink (nothing lies under a link).
 */
function climbsOnlyFirst(target: string): boolean {
  const parts = target.split('/').filter((part) => part !== '' && part !== '.');
  const firstName = parts.findIndex((part) => part !== '..');
  return firstName === -1 || !parts.slice(firstName).includes('..');
}

/** Names must be UTF-8: a name that does not decode would be shown and stored differently. */
export function decodeEntryName(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IntakeError('bad_file_name', `an entry name is not valid UTF-8 (${bytes.toString('latin1').slice(0, 80)})`);
  }
}

function unsafe(raw: string): IntakeError {
  return new IntakeError('unsafe_path', `unsafe path "${printable(raw)}": absolute paths and ".." are not allowed`);
}

function outside(linkPath: string, target: string): IntakeError {
  return new IntakeError('link_outside_tree', `link "${printable(linkPath)}" points outside the project ("${printable(target)}")`);
}

function printable(s: string): string {
  return s.replace(/[\0-\x1f\x7f]/g, '?').slice(0, 200);
}
