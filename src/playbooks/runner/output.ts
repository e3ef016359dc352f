/** 256 KiB: enough for the recap and the failures before it, small enough for a task row. */
export const OUTPUT_LIMIT = 256 * 1024;

// CSI and OSC sequences; ANSIBLE_NOCOLOR stops Ansible's own, but modules may still print some.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Keeps the last `limit` bytes of a stream: the end of a run (recap, failures) matters most. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly limit = OUTPUT_LIMIT) {}

  push = (chunk: Buffer): void => {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      this.size -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  };

  /**
   * The kept text; the limit is applied after stripping codes, and a cut character is dropped.
   * `hide` (the workspace path) is cut out: users know their playbook by content, not temp path.
   */
  text(hide?: string): { text: string; truncated: boolean } {
    const raw = stripAnsi(Buffer.concat(this.chunks).toString('utf8'));
    const clean = Buffer.from(hide ? raw.split(`${hide}/`).join('') : raw);
    const cut = clean.length > this.limit;
    const text = clean.subarray(clean.length - Math.min(clean.length, this.limit)).toString('utf8');
    return { text: cut ? text.replace(/^\uFFFD+/, '') : text, truncated: this.dropped || cut };
  }
}
