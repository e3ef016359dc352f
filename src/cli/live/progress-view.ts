import type { TaskChange } from './task-follower';

/** Shows a running task; `pause` clears it and holds it back (a prompt is on screen) until `resume`. */
export interface ProgressView {
  update(change: TaskChange): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

const BAR_WIDTH = 24;

/** "check: Web › Install nginx @ web1": the step, then for a test the play, task and host. */
export function describeStep(details: Record<string, unknown>): string {
  const where = [details.play, details.task].filter((v) => typeof v === 'string' && v).join(' › ');
  const host = typeof details.host === 'string' && details.host ? ` @ ${details.host}` : '';
  const step = typeof details.step === 'string' ? details.step : '';
  return [step, `${where}${host}`].filter(Boolean).join(': ');
}

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * For a terminal: one line redrawn in place on stderr (bar, percent, step, elapsed time, task
 * id), ticking every second so the clock moves while a long task says nothing.
 */
export class TtyProgress implements ProgressView {
  private last: TaskChange | undefined;
  private readonly timer: NodeJS.Timeout;
  private shown = false;
  private paused = false;

  constructor(private readonly out: NodeJS.WriteStream, private readonly started = Date.now()) {
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
  }

  update(change: TaskChange): void {
    this.last = change;
    this.draw();
  }

  pause(): void {
    this.paused = true;
    this.clear();
  }

  resume(): void {
    this.paused = false;
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.pause();
  }

  private clear(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }

  private draw(): void {
    // Not over a question the user is answering.
    if (!this.last || this.paused) return;
    const { progress, status, task_id, details } = this.last;
    const filled = Math.round((BAR_WIDTH * Math.max(0, Math.min(100, progress))) / 100);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const line = `${bar} ${String(progress).padStart(3)}% ${status} ${describeStep(details)}  ${elapsed(Date.now() - this.started)}  ${task_id}`;
    const width = this.out.columns || 100;
    this.out.write(`\r\x1b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
    this.shown = true;
  }
}

/** For CI logs and --quiet: a plain line when something worth a line changes, no escape codes. */
export class PlainProgress implements ProgressView {
  private lastLine = '';

  constructor(private readonly out: NodeJS.WritableStream, private readonly started = Date.now()) {}

  update(change: TaskChange): void {
    const step = describeStep(change.details);
    // Percent is left out of the comparison: a line per percent would flood a log.
    const key = `${change.status} ${step}`;
    if (key === this.lastLine) return;
    this.lastLine = key;
    this.out.write(`task ${change.task_id} ${change.status} ${change.progress}%${step ? ` ${step}` : ''} (${elapsed(Date.now() - this.started)})\n`);
  }

  pause(): void {}
  resume(): void {}
  stop(): void {}
}

export function progressView(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  return stream.isTTY && !quiet && !process.env.NO_PROGRESS ? new TtyProgress(stream) : new PlainProgress(stream);
}
