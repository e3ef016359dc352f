import { useMemo, useState } from 'preact/hooks';
import { api } from '../api/http';
import { isFinished, type Task, type TaskResult, type TestResult } from '../api/types';
import { Empty, ErrorNotice, Loading } from '../ui/Notice';
import { Status } from '../ui/Status';
import { duration } from '../ui/format';
import { useAsync } from '../ui/useAsync';
import { liveModel, resultModel, type RunPlay } from './runModel';
import type { Moment } from './useLiveTask';

/** A test run: plays, tasks and hosts filling in while it runs, then the outcome and stdout. */
export function TestRunView({ task, moments }: { task: Task; moments: Moment[] }) {
  const finished = isFinished(task.status);
  const result = useAsync(
    () => (finished ? api<TaskResult<TestResult>>(`/tasks/${task.task_id}/result`) : Promise.resolve(undefined)),
    [task.task_id, finished],
  );
  const outcome = result.data?.result ?? undefined;
  const plays = outcome ? resultModel(outcome.tasks) : liveModel(moments, Date.now());
  return (
    <section aria-labelledby="run-title" class="test-run">
      <h2 id="run-title">Run</h2>
      {outcome && (
        <p class={outcome.passed ? 'passed' : 'failed'}>
          {outcome.passed ? 'Passed' : 'Failed'} in {duration(outcome.duration_ms)}
          {outcome.syntax_ok ? '' : `: syntax error${outcome.syntax_error?.line ? ` on line ${outcome.syntax_error.line}` : ''}: ${outcome.syntax_error?.message ?? ''}`}
        </p>
      )}
      {result.error ? <ErrorNotice error={result.error} /> : null}
      {plays.length === 0 ? (finished ? <Empty>No tasks ran.</Empty> : <Loading what="the first task" />) : <Plays plays={plays} />}
      {outcome && <Stdout text={outcome.stdout} truncated={outcome.stdout_truncated} />}
    </section>
  );
}

function Plays({ plays }: { plays: RunPlay[] }) {
  return (
    <ol class="plays" aria-label="Plays">
      {plays.map((play) => (
        <li class="play">
          <h3>Play: {play.name || '(unnamed)'}</h3>
          <ol class="run-tasks" aria-label={`Tasks of ${play.name}`}>
            {play.tasks.map((t) => (
              <li class="run-task" data-status={t.status}>
                <details open={t.status === 'failed' || t.status === 'unreachable'}>
                  <summary><Status status={t.status} /> <span>{t.name}</span> <span class="muted">{duration(t.durationMs)}</span></summary>
                  <ul class="hosts">
                    {t.hosts.map((h) => (
                      <li><span class="mono">{h.host}</span> <Status status={h.status} /> <span class="muted">{duration(h.durationMs)}</span>
                        {h.message && <pre class="message">{h.message}</pre>}</li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

/** The run's output, with a search that keeps the matching lines (and counts them). */
function Stdout({ text, truncated }: { text: string; truncated: boolean }) {
  const [term, setTerm] = useState('');
  const lines = useMemo(() => text.split('\n'), [text]);
  const shown = term ? lines.filter((l) => l.toLowerCase().includes(term.toLowerCase())) : lines;
  return (
    <section aria-labelledby="stdout-title" class="stdout">
      <h3 id="stdout-title">Output</h3>
      <label>Search the output <input type="search" value={term} onInput={(e) => setTerm((e.target as HTMLInputElement).value)} /></label>
      <p class="muted" role="status">{term ? `${shown.length} matching lines` : `${lines.length} lines`}{truncated ? ' (the start was cut)' : ''}</p>
      <pre tabIndex={0} aria-label="Run output">{shown.join('\n')}</pre>
    </section>
  );
}
