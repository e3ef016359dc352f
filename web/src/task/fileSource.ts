import { api, apiText } from '../api/http';
import type { Playbook, Task } from '../api/types';

/**
 * Where the files a task worked on come from: a stored playbook (one file, under its name), or
 * a project's revision (issue 14: GET /projects/{id}/revisions/{rev}/files/{path}).
 */
export interface FileSource {
  /** The file a finding without a path is in (a stored playbook's name). */
  defaultPath: string;
  read(path: string): Promise<string>;
}

export async function fileSourceOf(task: Task): Promise<FileSource | undefined> {
  const subject = task.subject ?? {};
  if (subject.project_id) {
    const revision = subject.revision_id ?? 'head';
    const base = `/projects/${subject.project_id}/revisions/${revision}/files/`;
    return { defaultPath: subject.playbook ?? '', read: (path) => apiText(base + path.split('/').map(encodeURIComponent).join('/')) };
  }
  if (subject.playbook_id) {
    const playbook = await api<Playbook>(`/playbooks/${subject.playbook_id}`);
    return { defaultPath: playbook.name, read: async () => playbook.content ?? '' };
  }
  return undefined;
}
