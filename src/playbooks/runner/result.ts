import { toTaskOutcome, type RunEvent } from './events';
import type { OutputTail } from './output';
import type { LimitHit } from './limits/limits.types';
import type { HostRecap, PlaybookSyntaxError, TaskOutcome, TestResult } from './test-run.types';

const EMPTY: HostRecap = { ok: 0, changed: 0, skipped: 0, failed: 0, unreachable: 0 };

/** Collects task results and the recap from the plugin's events, then builds the TestResult. */
export class ResultBuilder {
  private readonly tasks: TaskOutcome[] = [];
  private recap: Record<string, HostRecap> | undefined;

  onEvent(e: RunEvent): void {
    if (e.event === 'task_result') this.tasks.push(toTaskOutcome(e));
    if (e.event === 'stats') this.recap = e.hosts;
  }

  constructor(private readonly workspace: string) {}

  /** `exitCode` is the check run's; undefined when the syntax check already failed. */
  build(started: number, output: OutputTail, syntaxError?: PlaybookSyntaxError, exitCode?: number | null, hit?: LimitHit): TestResult {
    const hosts = this.recap ?? recapFromTasks(this.tasks);
    const failing = Object.values(hosts).some((h) => h.failed > 0 || h.unreachable > 0);
    const { text, truncated } = output.text(this.workspace);
    return {
      passed: !syntaxError && exitCode === 0 && !failing && !hit,
      duration_ms: Date.now() - started,
      syntax_ok: !syntaxError && hit?.step !== 'syntax-check',
      ...(syntaxError && { syntax_error: syntaxError }),
      hosts,
      tasks: this.tasks,
      stdout: text,
      stdout_truncated: truncated,
      ...(hit && { limit: hit.limit, limit_detail: { step: hit.step, play: hit.play, task: hit.task, host: hit.host, message: hit.message } }),
    };
  }
}

/** When ansible-playbook died before its recap, count what the plugin saw. */
function recapFromTasks(tasks: TaskOutcome[]): Record<string, HostRecap> {
  const hosts: Record<string, HostRecap> = {};
  for (const t of tasks) {
    const h = (hosts[t.host] ??= { ...EMPTY });
    if (t.status === 'changed') h.ok += 1; // Ansible's "ok" includes changed tasks
    h[t.status] += 1;
  }
  return hosts;
}
