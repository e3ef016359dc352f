import type { Header } from 'tar-stream';
import { decodeEntryName } from './entry-path';
import { IntakeError } from './intake-error';

/**
 * tar-stream reads header names as latin1 (filenameEncoding), which maps every byte to one
 * character, so the original bytes come back intact and are decoded strictly as UTF-8 here.
 * A pax header's path is already decoded as UTF-8 by tar-stream, lossily: a replacement
 * character there means the bytes were not UTF-8 (pax `hdrcharset=BINARY` names).
 */
export function tarEntryName(header: Header): string {
  return decodeTarString(header.name, paxField(header, 'path'));
}

export function tarLinkName(header: Header): string {
  return decodeTarString(header.linkname ?? '', paxField(header, 'linkpath'));
}

function decodeTarString(latin1: string, fromPax: string | undefined): string {
  if (fromPax === undefined) return decodeEntryName(Buffer.from(latin1, 'latin1'));
  if (fromPax.includes('\uFFFD')) throw new IntakeError('bad_file_name', `an entry name is not valid UTF-8 (${fromPax.slice(0, 80)})`);
  return fromPax;
}

function paxField(header: Header, key: string): string | undefined {
  const pax = header.pax as Record<string, string> | null | undefined;
  return pax?.[key];
}
