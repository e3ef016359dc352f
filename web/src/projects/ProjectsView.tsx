import { useState } from 'preact/hooks';
import { api } from '../api/http';
import type { Page, Project } from '../api/types';
import { href, navigate } from '../router';
import { Empty, ErrorNotice, Loading } from '../ui/Notice';
import { useAsync } from '../ui/useAsync';
import { UploadDrop } from './UploadDrop';

/** Your projects; upload one as an archive, or add a git source (synced as a task). */
export function ProjectsView() {
  const projects = useAsync(() => api<Page<Project>>('/projects?limit=100'), []);
  const [error, setError] = useState<unknown>();
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">Projects</h1>
      <div class="project-intake">
        <UploadDrop onUploaded={(p) => navigate(`/projects/${p.project_id}`)} onError={setError} />
        <GitForm onAdded={(taskId) => navigate(`/tasks/${taskId}`)} onError={setError} />
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {projects.error ? <ErrorNotice error={projects.error} /> : null}
      {projects.loading && !projects.data && <Loading what="projects" />}
      {projects.data?.items.length === 0 && <Empty>No projects yet: upload an archive or add a git repository.</Empty>}
      <ul class="projects" aria-label="Projects">
        {projects.data?.items.map((p) => <li><a href={href('projects', p.project_id)}>{p.name}</a></li>)}
      </ul>
    </section>
  );
}

function GitForm({ onAdded, onError }: { onAdded(taskId: string): void; onError(e: unknown): void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [ref, setRef] = useState('main');
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const accepted = await api<{ project_id: string; task_id: string }>('/projects', { method: 'POST', json: { name, git: { url, ref } } });
      onAdded(accepted.task_id);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="git-title" class="git-form">
      <h2 id="git-title">Add a git repository</h2>
      <label for="git-name">Name</label>
      <input id="git-name" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <label for="git-url">URL</label>
      <input id="git-url" required type="url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} placeholder="https://git.example.com/ops/site.git" />
      <label for="git-ref">Branch, tag or commit</label>
      <input id="git-ref" required value={ref} onInput={(e) => setRef((e.target as HTMLInputElement).value)} />
      <button type="submit">Add and sync</button>
    </form>
  );
}
