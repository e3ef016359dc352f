import { IntakeError } from './intake-error';

export type ArchiveFormat = 'tar.gz' | 'zip';

/** The Content-Types browsers, curl and CI tools send for the two formats we read. */
const FORMATS = new Map<string, ArchiveFormat>([
  ['application/gzip', 'tar.gz'],
  ['application/x-gzip', 'tar.gz'],
  ['application/x-tar+gzip', 'tar.gz'],
  ['application/x-gtar', 'tar.gz'],
  ['application/x-compressed-tar', 'tar.gz'],
  ['application/zip', 'zip'],
  ['application/x-zip-compressed', 'zip'],
  ['application/x-zip', 'zip'],
]);

/** The archive format a Content-Type declares (parameters and case ignored); anything else is refused. */
export function archiveFormatOf(contentType: string | undefined): ArchiveFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const format = FORMATS.get(type);
  if (!format) throw new IntakeError('unsupported_archive', `unsupported archive type "${type.slice(0, 100)}": send a tar.gz (application/gzip) or a zip (application/zip)`);
  return format;
}
