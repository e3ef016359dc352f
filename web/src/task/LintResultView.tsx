import { useState } from 'preact/hooks';
import { api } from '../api/http';
import type { LintFinding, LintResult, Task, TaskResult } from '../api/types';
import { CodeView } from '../code/CodeView';
import { href, navigate } from '../router';
import { Empty, ErrorNotice, Loading } from '../ui/Notice';
import { useAsync } from '../ui/useAsync';
import { fileSourceOf, type FileSource } from './fileSource';

type Grouping = 'file' | 'rule';

/**
 * A lint task's findings, grouped by file or by rule, each with its severity and the rule's
 * documentation. Choosing one opens its file with the line highlighted; the choice is in the URL
 * (`?file=…&line=…`), so it can be shared and survives a reload.
 */
export function LintResultView({ task, params }: { task: Task; params: URLSearchParams }) {
  const loaded = useAsync(async () => {
    const [result, source] = await Promise.all([
      api<TaskResult<LintResult>>(`/tasks/${task.task_id}/result`),
      fileSourceOf(task).catch(() => undefined),
    ]);
    return { result, source };
  }, [task.task_id]);
  const [grouping, setGrouping] = useState<Grouping>('file');
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!loaded.data) return <Loading what="the findings" />;
  const { result, source } = loaded.data;
  if (!result.result) return result.error ? <ErrorNotice error={new Error(result.error.message)} /> : <Empty>No result.</Empty>;
  const lint = result.result;
  const fileOf = (f: LintFinding) => f.path ?? source?.defaultPath ?? 'playbook';
  const open = (f: LintFinding) => navigate(`/tasks/${task.task_id}?file=${encodeURIComponent(fileOf(f))}&line=${f.line}`);
  const groups = group(lint.findings, grouping === 'file' ? fileOf : (f) => f.rule);
  const file = params.get('file');
  return (
    <section aria-labelledby="findings-title" class="lint">
      <h2 id="findings-title">Findings</h2>
      <p class={lint.passed ? 'passed' : 'failed'}>
        {lint.passed ? 'Passed' : 'Failed'}: {lint.summary.errors} errors, {lint.summary.warnings} warnings ({lint.engine} engine)
        {lint.truncated ? ', more were found than are shown' : ''}
      </p>
      {lint.findings.length === 0 ? <Empty>No findings: the playbook is clean.</Empty> : (
        <>
          <fieldset class="grouping">
            <legend>Group by</legend>
            <label class="inline"><input type="radio" name="grouping" checked={grouping === 'file'} onChange={() => setGrouping('file')} /> file</label>
            <label class="inline"><input type="radio" name="grouping" checked={grouping === 'rule'} onChange={() => setGrouping('rule')} /> rule</label>
          </fieldset>
          {[...groups].map(([name, findings]) => <FindingGroup name={name} findings={findings} fileOf={fileOf} open={open} />)}
        </>
      )}
      {file && source && <OpenFile source={source} path={file} line={Number(params.get('line')) || undefined} taskId={task.task_id} />}
    </section>
  );
}

function FindingGroup({ name, findings, fileOf, open }: {
  name: string; findings: LintFinding[]; fileOf(f: LintFinding): string; open(f: LintFinding): void;
}) {
  return (
    <section class="finding-group" aria-label={name}>
      <h3>{name} <span class="count">({findings.length})</span></h3>
      <ul class="findings">
        {findings.map((f) => (
          <li class={`finding severity-${f.severity}`}>
            <button type="button" class="finding" data-line={f.line} onClick={() => open(f)}>
              <span class={`severity ${f.severity}`}>{f.severity}</span>{' '}
              <span class="mono">{fileOf(f)}:{f.line}:{f.column}</span>{' '}
              <span class="rule mono">{f.rule}</span> {f.message}
            </button>{' '}
            {f.url && <a href={f.url} target="_blank" rel="noopener noreferrer">{f.rule} documentation</a>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OpenFile({ source, path, line, taskId }: { source: FileSource; path: string; line?: number; taskId: string }) {
  const content = useAsync(() => source.read(path), [path]);
  return (
    <section aria-label="File" class="open-file">
      <a href={href('tasks', taskId)}>Close file</a>
      {content.error ? <ErrorNotice error={content.error} /> : null}
      {content.data !== undefined && <CodeView content={content.data} line={line} path={path} />}
    </section>
  );
}

function group(findings: LintFinding[], key: (f: LintFinding) => string): Map<string, LintFinding[]> {
  const groups = new Map<string, LintFinding[]>();
  for (const f of findings) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  return groups;
}
