import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import { inflationGuard } from './bomb-guard';
import { checkedContent } from './checked-content';
import { FirstFailure } from './first-failure';
import { IntakeError } from './intake-error';
import { tarEntryName, tarLinkName } from './tar-names';
import { TreeChecks } from './tree-checks';
import type { IntakeLimits, TreeEntry } from './tree-entry';
import type { UploadMeter } from './upload-meter';

/** tar-stream's option, missing from its typings: names as latin1, i.e. their raw bytes (see tar-names.ts). */
const RAW_NAMES = { filenameEncoding: 'latin1' } as Parameters<typeof extract>[0];

/**
 * Inflated bytes per zlib callback. The default 16 KiB made zlib's main-thread callbacks a seventh
 * of an upload's main-thread time (bench/project-upload.ts); larger chunks, fewer callbacks.
 */
const INFLATE_CHUNK = 256 * 1024;

type TarSource = AsyncIterable<Buffer> & { header: Header; resume(): unknown };

const SPECIAL: Partial<Record<string, string>> = { 'character-device': 'character device', 'block-device': 'block device', fifo: 'FIFO' };

/**
 * A tar.gz, read as it arrives: upload → meter → gunzip → inflation guard → tar-stream. Nothing
 * is buffered beyond the streams' own high-water marks, so a bomb fails after a few MiB.
 * Archives inside the archive are plain files: they are never unpacked.
 */
export async function* readTarGz(body: Readable, limits: IntakeLimits, meter: UploadMeter): AsyncGenerator<TreeEntry> {
  const tar = extract(RAW_NAMES);
  const failure = new FirstFailure();
  const inflated = pipeline(body, meter, createGunzip({ chunkSize: INFLATE_CHUNK }), inflationGuard(() => meter.bytes), (err) => {
    if (err) tar.destroy(failure.record(err));
  });
  inflated.pipe(tar as unknown as NodeJS.WritableStream); // tar-stream is a streamx stream: pipe is its bridge to Node's
  try {
    yield* tarEntries(tar as unknown as AsyncIterable<TarSource>, new TreeChecks(limits), failure);
    if (!meter.complete) throw new IntakeError('corrupt_archive', 'the archive ended before the upload did');
  } catch (err) {
    throw failure.record(err);
  } finally {
    tar.destroy();
    body.destroy();
  }
}

async function* tarEntries(tar: AsyncIterable<TarSource>, checks: TreeChecks, failure: FirstFailure): AsyncGenerator<TreeEntry> {
  for await (const source of tar) {
    const entry = tarEntry(source, checks, failure);
    if (entry) yield entry;
    failure.throwIfAny();
    if (entry?.kind === 'file') entry.content.resume(); // a consumer that skipped the content: drain it, still counted
    else if (source.header.type !== 'directory') await countData(source, checks);
  }
}

function tarEntry(source: TarSource, checks: TreeChecks, failure: FirstFailure): TreeEntry | undefined {
  const { header } = source;
  const name = tarEntryName(header);
  switch (header.type) {
    case 'directory':
      if (header.size > 0) throw new IntakeError('corrupt_archive', `directory "${name}" has data`);
      checks.directory(name);
      return undefined;
    case 'file':
    case 'contiguous-file':
      return { kind: 'file', ...checks.file(name, header.mode), content: tarContent(source, checks, failure) };
    case 'symlink':
      return checks.symlink(name, tarLinkName(header));
    case 'link':
      return checks.hardlink(name, tarLinkName(header), header.mode);
    default:
      return checks.special(name, SPECIAL[header.type ?? ''] ?? `tar entry of type ${header.type ?? 'unknown'}`);
  }
}

function tarContent(source: TarSource, checks: TreeChecks, failure: FirstFailure): Readable {
  return checkedContent(() => source, (chunk) => checks.budget.addBytes(chunk.length), () => undefined, failure);
}

/** Data a link entry may carry (tar allows it, tools do not write it): read past, but counted. */
async function countData(source: TarSource, checks: TreeChecks): Promise<void> {
  for await (const chunk of source) checks.budget.addBytes(chunk.length);
}
