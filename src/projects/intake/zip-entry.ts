import type { Entry } from 'yauzl';
import { decodeEntryName } from './entry-path';

export type ZipEntryKind = 'directory' | 'file' | 'symlink' | 'special';

const S_IFMT = 0o170000;
const TYPES = new Map<number, ZipEntryKind>([
  [0, 'file'], // many Unix zippers leave the type out of plain files
  [0o100000, 'file'],
  [0o040000, 'directory'],
  [0o120000, 'symlink'],
]);
const MADE_BY_UNIX = 3;
const MSDOS_DIRECTORY = 0x10;

/**
 * A zip entry's name: the raw bytes must be UTF-8, whatever the language-encoding flag (bit 11)
 * says. Zippers on Linux and macOS write UTF-8, often without the flag; names in an old DOS code
 * page (CP437) would decode differently on every system, so they are refused, not guessed.
 */
export function zipEntryName(entry: Entry): string {
  return decodeEntryName(entry.fileName as unknown as Buffer); // decodeStrings: false gives the raw bytes
}

/** The Unix mode, when a Unix zipper wrote one (the high half of the external attributes). */
export function zipUnixMode(entry: Entry): number {
  return entry.versionMadeBy >> 8 === MADE_BY_UNIX ? entry.externalFileAttributes >>> 16 : 0;
}

/** Kind from the Unix file type; devices, FIFOs and sockets are 'special'. */
export function zipEntryKind(entry: Entry, name: string): ZipEntryKind {
  if (name.endsWith('/') || (entry.externalFileAttributes & MSDOS_DIRECTORY && zipUnixMode(entry) === 0)) return 'directory';
  return TYPES.get(zipUnixMode(entry) & S_IFMT) ?? 'special';
}
