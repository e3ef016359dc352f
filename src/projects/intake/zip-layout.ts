import type { Entry } from 'yauzl';
import { IntakeError } from './intake-error';

const LOCAL_HEADER_BYTES = 30;

/**
 * Refuses the "overlapping files" bomb (Fifield 2019): central-directory entries that share a
 * local header or whose data ranges overlap, so a few KiB are inflated again and again. An entry
 * spans at least its local header, its name and its compressed data (the local extra field and a
 * data descriptor only make it longer), so any entry starting inside that span overlaps.
 */
export function checkNoOverlap(entries: readonly Entry[]): void {
  const spans = entries.map(span).sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) {
      throw new IntakeError('archive_bomb', 'zip entries overlap (an overlapping-files zip bomb)');
    }
  }
}

function span(entry: Entry): { start: number; end: number } {
  const start = entry.relativeOffsetOfLocalHeader;
  return { start, end: start + LOCAL_HEADER_BYTES + entry.fileNameLength + entry.compressedSize };
}
