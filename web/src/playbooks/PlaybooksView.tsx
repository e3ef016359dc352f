import { useState } from 'preact/hooks';
import { api } from '../api/http';
import type { Page, Playbook } from '../api/types';
import { Empty, ErrorNotice, Loading } from '../ui/Notice';
import { time } from '../ui/format';
import { useAsync } from '../ui/useAsync';
import { startRun } from './startRun';
import { TestOptions } from './TestOptions';

/** Stored playbooks (single files): store one, then lint or test it. */
export function PlaybooksView() {
  const playbooks = useAsync(() => api<Page<Playbook>>('/playbooks?limit=100'), []);
  const [error, setError] = useState<unknown>();
  const run = (kind: 'lint' | 'test', body: Record<string, unknown>) => startRun(kind, body).catch(setError);
  return (
    <section aria-labelledby="playbooks-title">
      <h1 id="playbooks-title">Playbooks</h1>
      <StoreForm onStored={playbooks.reload} onError={setError} />
      {error ? <ErrorNotice error={error} /> : null}
      {playbooks.error ? <ErrorNotice error={playbooks.error} /> : null}
      {playbooks.loading && !playbooks.data && <Loading what="playbooks" />}
      {playbooks.data?.items.length === 0 && <Empty>No stored playbooks yet.</Empty>}
      <ul class="playbooks" aria-label="Stored playbooks">
        {playbooks.data?.items.map((p) => (
          <li class="playbook" data-playbook-id={p.playbook_id}>
            <h2>{p.name}</h2>
            <span class="muted">updated {time(p.updated_at)}</span>
            <button type="button" onClick={() => run('lint', { playbook_id: p.playbook_id })}>Lint</button>
            <details>
              <summary>Test…</summary>
              <TestOptions idPrefix={`pb-${p.playbook_id}`} onRun={(o) => run('test', { playbook_id: p.playbook_id, ...o })} />
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StoreForm({ onStored, onError }: { onStored(): void; onError(e: unknown): void }) {
  const [name, setName] = useState('site.yml');
  const [content, setContent] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api('/playbooks', { method: 'POST', json: { name, content } });
      setContent('');
      onStored();
    } catch (e) {
      onError(e);
    }
  };
  return (
    <form class="store-playbook" onSubmit={submit} aria-labelledby="store-title">
      <h2 id="store-title">Store a playbook</h2>
      <label for="pb-name">Name</label>
      <input id="pb-name" value={name} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <label for="pb-content">Content (YAML)</label>
      <textarea id="pb-content" rows={8} required class="mono" value={content} onInput={(e) => setContent((e.target as HTMLTextAreaElement).value)} />
      <button type="submit" class="primary">Store</button>
    </form>
  );
}
