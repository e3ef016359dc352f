import { useState } from 'preact/hooks';
import { api, apiText } from '../api/http';
import type { Page, Project, ProjectFile, Revision } from '../api/types';
import { CodeView } from '../code/CodeView';
import { startRun } from '../playbooks/startRun';
import { TestOptions } from '../playbooks/TestOptions';
import { href, navigate } from '../router';
import { Empty, ErrorNotice, Loading } from '../ui/Notice';
import { time } from '../ui/format';
import { useAsync } from '../ui/useAsync';
import { treeRows } from './fileTree';

/**
 * A project: its revisions, a revision's file tree and a file's content; lint the revision,
 * test one of its playbooks, or sync a git source. The revision and file are in the URL.
 */
export function ProjectView({ id, params }: { id: string; params: URLSearchParams }) {
  const project = useAsync(() => api<Project>(`/projects/${id}`), [id]);
  const revisions = useAsync(() => api<Page<Revision>>(`/projects/${id}/revisions`), [id]);
  const [error, setError] = useState<unknown>();
  if (project.error) return <section><h1>Project</h1><ErrorNotice error={project.error} /></section>;
  if (!project.data) return <Loading what="the project" />;
  const revision = revisions.data?.items.find((r) => r.revision_id === params.get('rev')) ?? revisions.data?.items[0];
  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    navigate(`/projects/${id}?${next}`);
  };
  const sync = () => api<{ task_id: string }>(`/projects/${id}/sync`, { method: 'POST' }).then((t) => navigate(`/tasks/${t.task_id}`), setError);
  return (
    <section aria-labelledby="project-title" class="project">
      <h1 id="project-title">{project.data.name}</h1>
      <a href={href('projects')}>All projects</a>
      {project.data.git && <button type="button" onClick={sync}>Sync from git</button>}
      {error ? <ErrorNotice error={error} /> : null}
      <h2>Revisions</h2>
      {revisions.error ? <ErrorNotice error={revisions.error} /> : null}
      {revisions.data?.items.length === 0 && <Empty>No revisions yet.</Empty>}
      <ul class="revisions">
        {revisions.data?.items.map((r) => (
          <li aria-current={r.revision_id === revision?.revision_id ? 'true' : undefined}>
            <button type="button" class="link" onClick={() => go({ rev: r.revision_id, file: undefined })}>
              <span class="mono">{r.revision_id.slice(-8)}</span> {r.subject ?? r.source} — {r.files} files, {time(r.created_at)}
            </button>
          </li>
        ))}
      </ul>
      {revision && <RevisionPanel projectId={id} revision={revision} file={params.get('file') ?? undefined} onFile={(file) => go({ file })} onError={setError} />}
    </section>
  );
}

function RevisionPanel({ projectId, revision, file, onFile, onError }: {
  projectId: string; revision: Revision; file?: string; onFile(path: string): void; onError(e: unknown): void;
}) {
  const files = useAsync(() => api<{ items: ProjectFile[] }>(`/projects/${projectId}/revisions/${revision.revision_id}/files`), [revision.revision_id]);
  const base = { project_id: projectId, revision_id: revision.revision_id };
  const run = (kind: 'lint' | 'test', body: Record<string, unknown>) => startRun(kind, { ...base, ...body }).catch(onError);
  return (
    <div class="revision">
      <h2>Revision <span class="mono">{revision.revision_id.slice(-8)}</span></h2>
      <button type="button" onClick={() => run('lint', {})}>Lint this revision</button>
      <h3>Playbooks</h3>
      <ul class="revision-playbooks">
        {revision.playbooks.map((p) => (
          <li>
            <span class="mono">{p}</span>
            <details><summary>Test {p}…</summary>
              <TestOptions idPrefix={`rev-${p}`} label={`Test ${p}`} onRun={(o) => run('test', { playbook: p, ...o })} />
            </details>
          </li>
        ))}
      </ul>
      <h3>Files</h3>
      {files.error ? <ErrorNotice error={files.error} /> : null}
      <ul class="file-tree" aria-label="Files">
        {treeRows(files.data?.items ?? []).map((row) => (
          <li data-depth={Math.min(row.depth, 8)}>
            {row.file?.type === 'file'
              ? <button type="button" class="link mono" aria-label={row.path} aria-current={row.path === file ? 'true' : undefined}
                onClick={() => onFile(row.path)}>{row.name}</button>
              : <span class="mono muted">{row.name}{row.file ? ` → ${row.file.target ?? ''}` : '/'}</span>}
          </li>
        ))}
      </ul>
      {file && <FileContent projectId={projectId} revisionId={revision.revision_id} path={file} />}
    </div>
  );
}

function FileContent({ projectId, revisionId, path }: { projectId: string; revisionId: string; path: string }) {
  const content = useAsync(() => apiText(`/projects/${projectId}/revisions/${revisionId}/files/${path.split('/').map(encodeURIComponent).join('/')}`), [path, revisionId]);
  if (content.error) return <ErrorNotice error={content.error} />;
  if (content.data === undefined) return <Loading what={path} />;
  return <CodeView content={content.data} path={path} />;
}
