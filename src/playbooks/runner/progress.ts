import type { WorkContext } from '../../executor/work-context';
import type { RunEvent } from './events';

export type Step = 'syntax-check' | 'check' | 'run' | 'done';

/**
 * Turns the plugin's events into WorkContext progress: finished task results over the tasks the
 * plays declare (× hosts seen). Held at 99 until the run is over, because handlers, loops over
 * includes and skipped plays make the total an estimate.
 */
export class ProgressTracker {
  private total = 0;
  private finished = 0;
  private hosts = new Set<string>();
  private play = '';
  private task = '';

  constructor(
    private readonly report: WorkContext['progress'],
    private readonly step: Step,
  ) {}

  onEvent(e: RunEvent): void {
    if (e.event === 'runner_start') return;
    if (e.event === 'playbook_start') this.total = e.total_tasks;
    if (e.event === 'play_start') this.play = e.play;
    if (e.event === 'task_start') this.task = e.task;
    if (e.event === 'task_result') this.onResult(e.host);
    if (e.event !== 'stats') this.emit(this.step, e.event === 'task_result' ? e.host : undefined);
  }

  private onResult(host: string): void {
    this.finished += 1;
    this.hosts.add(host);
  }

  private emit(step: Step, host?: string): void {
    const planned = this.total * Math.max(1, this.hosts.size);
    const percent = planned ? Math.min(99, Math.floor((100 * this.finished) / planned)) : 0;
    this.report(percent, { step, play: this.play, task: this.task, host: host ?? null });
  }
}
