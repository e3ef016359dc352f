import { createInterface } from 'node:readline';

export type InterruptChoice = 'cancel' | 'detach';

/**
 * Ctrl-C while a task runs. In a terminal the first asks "cancel the task? [y/N]" (the answer
 * `y` cancels it, anything else goes on following) and a second Ctrl-C, even at the prompt,
 * detaches and leaves the task running. Without a terminal (a CI job being stopped) no one can
 * answer, so the first cancels and a second detaches.
 */
export class Interrupts {
  private prompting = false;
  private canceled = false;
  private readonly handler = (): void => void this.onSigint();

  constructor(
    private readonly taskId: string,
    private readonly onChoice: (choice: InterruptChoice) => void,
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY),
  ) {
    process.on('SIGINT', this.handler);
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
  }

  private async onSigint(): Promise<void> {
    if (this.prompting || this.canceled) return this.onChoice('detach');
    this.pause();
    if (!this.interactive) {
      this.canceled = true;
      return this.onChoice('cancel');
    }
    this.prompting = true;
    const yes = await ask(`\ncancel the task ${this.taskId}? [y/N] `);
    this.prompting = false;
    if (yes) {
      this.canceled = true;
      this.onChoice('cancel');
    }
    this.resume();
  }
}

/** One line from the terminal; cooked mode, so a Ctrl-C there still reaches us as SIGINT. */
function ask(question: string): Promise<boolean> {
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  return new Promise((resolve) => {
    rl.once('line', (answer) => {
      // Before close(), which emits 'close' at once and would answer "no".
      resolve(/^\s*y(es)?\s*$/i.test(answer));
      rl.close();
      process.stdin.pause();
    });
    rl.once('close', () => resolve(false));
  });
}
