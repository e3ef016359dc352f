import type { Readable } from 'node:stream';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { FirstFailure } from './first-failure';
import { IntakeError } from './intake-error';
import { spoolUpload, type Spool } from './spool';
import { TreeChecks } from './tree-checks';
import type { IntakeLimits, TreeEntry } from './tree-entry';
import type { UploadMeter } from './upload-meter';
import { zipContent, zipLinkTarget, type ZipRead } from './zip-content';
import { zipEntryKind, zipEntryName, zipUnixMode } from './zip-entry';
import { checkNoOverlap } from './zip-layout';

/** Raw names (checked by zipEntryName), sizes checked against what inflates, the file closed by us. */
const ZIP_OPTIONS = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };

/**
 * A zip, spooled to a temp file and read from there (its central directory is at the end). The
 * whole central directory is read first, to refuse overlapping entries before anything inflates.
 * Archives inside the archive are plain files: they are never unpacked.
 */
export async function* readZip(body: Readable, limits: IntakeLimits, meter: UploadMeter): AsyncGenerator<TreeEntry> {
  const failure = new FirstFailure();
  let spool: Spool | undefined;
  let zip: ZipFile | undefined;
  try {
    spool = await spoolUpload(body, meter);
    zip = await openPromise(spool.path, ZIP_OPTIONS);
    zip.on('error', () => undefined); // errors reach us through eachEntry and the read streams; a late one must not crash the process
    const entries = await listEntries(zip, limits.maxFiles);
    const checks = new TreeChecks(limits);
    yield* zipEntries({ zip, budget: checks.budget, failure, archiveBytes: meter.bytes }, entries, checks);
  } catch (err) {
    throw failure.record(err);
  } finally {
    zip?.close();
    await spool?.remove();
  }
}

async function listEntries(zip: ZipFile, maxFiles: number): Promise<Entry[]> {
  if (zip.entryCount > maxFiles) throw new IntakeError('too_many_files', `more than ${maxFiles} files (RELIA_PROJECT_MAX_FILES)`);
  const entries: Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  checkNoOverlap(entries);
  return entries;
}

async function* zipEntries(read: ZipRead, entries: Entry[], checks: TreeChecks): AsyncGenerator<TreeEntry> {
  for (const entry of entries) {
    const item = await zipTreeEntry(read, entry, checks);
    if (!item) continue;
    try {
      yield item;
    } finally {
      if (item.kind === 'file') item.content.destroy(); // ends a read left unfinished (early return too); a no-op after its end
    }
    read.failure.throwIfAny();
  }
}

async function zipTreeEntry(read: ZipRead, entry: Entry, checks: TreeChecks): Promise<TreeEntry | undefined> {
  const name = zipEntryName(entry);
  if (entry.isEncrypted()) throw new IntakeError('corrupt_archive', `"${name}" is encrypted`);
  switch (zipEntryKind(entry, name)) {
    case 'directory':
      checks.directory(name);
      return undefined;
    case 'file': {
      const file = checks.file(name, zipUnixMode(entry));
      return { kind: 'file', ...file, content: zipContent(read, entry, file.path) };
    }
    case 'symlink':
      return checks.symlink(name, await zipLinkTarget(read, entry, name));
    case 'special':
      return checks.special(name, 'device, FIFO or socket');
  }
}
