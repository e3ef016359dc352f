import { useState } from 'preact/hooks';
import { api } from '../api/http';

/** Archives the API takes, by the Content-Type it wants. */
const TYPES: Array<[RegExp, string]> = [[/\.(tar\.gz|tgz)$/i, 'application/gzip'], [/\.zip$/i, 'application/zip']];

export interface Uploaded {
  project_id: string;
  revision_id: string;
  name: string;
  files: number;
  playbooks: string[];
}

/**
 * Upload a project: drop a .tar.gz or .zip on the area, or choose one with the file input
 * inside it (the keyboard way). The project is named after the file unless a name is given.
 */
export function UploadDrop({ onUploaded, onError }: { onUploaded(p: Uploaded): void; onError(e: unknown): void }) {
  const [over, setOver] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const type = TYPES.find(([pattern]) => pattern.test(file.name))?.[1];
    if (!type) return onError(new Error(`${file.name} is not a .tar.gz or .zip archive`));
    setBusy(true);
    try {
      const projectName = name.trim() || file.name.replace(/\.(tar\.gz|tgz|zip)$/i, '');
      onUploaded(await api<Uploaded>(`/projects?name=${encodeURIComponent(projectName)}`, { method: 'POST', body: file, headers: { 'content-type': type } }));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="upload-title"
      class={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => (e.preventDefault(), setOver(false), void upload(e.dataTransfer?.files[0]))}>
      <h2 id="upload-title">Upload a project</h2>
      <p>Drop a <code>.tar.gz</code> or <code>.zip</code> here, or choose one.</p>
      <label for="upload-name">Name (optional)</label>
      <input id="upload-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <label for="upload-file">Archive</label>
      <input id="upload-file" type="file" accept=".tar.gz,.tgz,.zip,application/gzip,application/zip" disabled={busy}
        onChange={(e) => void upload((e.target as HTMLInputElement).files?.[0])} />
      {busy && <p role="status">Uploading…</p>}
    </section>
  );
}
