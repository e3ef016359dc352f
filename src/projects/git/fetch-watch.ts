import { IntakeError } from '../intake/intake-error';
import { dirSize } from './dir-size';
import { LineSplitter, parseFetchProgress } from './fetch-progress';

const POLL_MS = 200;

/**
 * Watches a running fetch: reports its progress, and refuses it as soon as it brings more than
 * `maxBytes` — by git's own count of bytes received, and by what lands on disk (which also catches
 * a fetch that shows no byte count). A pack is compressed: past the limit, the tree is surely too.
 */
export class FetchWatch {
  private readonly lines = new LineSplitter();
  private readonly poll: NodeJS.Timeout;
  private percent = -1;
  private polling = false;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly onExceeded: (error: IntakeError) => void,
    private readonly progress: (percent: number) => void,
  ) {
    this.poll = setInterval(() => void this.measure(), POLL_MS);
  }

  /** Git's stderr; throws too_large past the limit (runGit then kills the fetch). */
  stderr(text: string): void {
    for (const line of this.lines.push(text)) {
      const seen = parseFetchProgress(line);
      if (seen?.bytes !== undefined && seen.bytes > this.maxBytes) throw this.tooLarge();
      if (seen && seen.percent !== this.percent) this.progress((this.percent = seen.percent));
    }
  }

  dispose(): void {
    clearInterval(this.poll);
  }

  private async measure(): Promise<void> {
    if (this.polling) return; // a slow count must not pile up behind itself
    this.polling = true;
    if ((await dirSize(this.dir)) > this.maxBytes) this.onExceeded(this.tooLarge());
    this.polling = false;
  }

  private tooLarge(): IntakeError {
    const mib = (this.maxBytes / 1024 / 1024).toFixed(1);
    return new IntakeError('too_large', `the repository is larger than ${mib} MiB (RELIA_PROJECT_MAX_UNPACKED_BYTES)`);
  }
}
