/** What one line of `git fetch --progress` tells: the clone step's percent, bytes received. */
export interface FetchProgress {
  percent: number;
  bytes?: number;
}

const UNITS: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const RECEIVING = /Receiving objects:\s+(\d+)%(?:[^,]*,\s+([\d.]+) (bytes|KiB|MiB|GiB))?/;
const RESOLVING = /Resolving deltas:\s+(\d+)%/;

/** Receiving is most of a fetch (0–80 %), resolving deltas the rest (80–90 %); checkout ends it. */
export function parseFetchProgress(line: string): FetchProgress | undefined {
  const receiving = RECEIVING.exec(line);
  if (receiving) return { percent: Math.floor(Number(receiving[1]) * 0.8), bytes: receivedBytes(receiving) };
  const resolving = RESOLVING.exec(line);
  if (resolving) return { percent: 80 + Math.floor(Number(resolving[1]) / 10) };
  return undefined;
}

function receivedBytes(match: RegExpExecArray): number | undefined {
  return match[2] === undefined ? undefined : Number(match[2]) * UNITS[match[3]];
}

/** Cuts stderr into lines as it arrives; git redraws progress with `\r`, each redraw a line. */
export class LineSplitter {
  private pending = '';

  push(text: string): string[] {
    const parts = (this.pending + text).split(/[\r\n]/);
    this.pending = parts.pop()!;
    return parts.filter((line) => line.trim() !== '');
  }
}
