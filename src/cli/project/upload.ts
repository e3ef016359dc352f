import { basename, resolve } from 'node:path';
import type { Api } from '../api';
import { usageError } from '../exit-codes';
import { packProject } from './pack';

export interface UploadedRevision {
  project_id: string;
  revision_id: string;
  name: string;
  files: number;
  playbooks: string[];
}

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Pages of 100 projects looked through for the name; far more than one user has. */
const MAX_PAGES = 50;

/** The project name: --project, else the directory's name made into a valid one. */
export function projectName(root: string, explicit?: string): string {
  if (explicit !== undefined) {
    if (!PROJECT_NAME.test(explicit)) throw usageError(`--project: "${explicit}" is not a project name (letters, digits, ".", "_", "-")`);
    return explicit;
  }
  const name = basename(resolve(root)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
  return name || 'project';
}

/** Packs `root` and uploads it as a new revision of the project called `name` (created the first time). */
export async function uploadProject(api: Api, root: string, name: string): Promise<UploadedRevision> {
  // The look-up goes over the network while the tree is read and packed here.
  const lookup = findProject(api, name);
  lookup.catch(() => undefined);
  const { archive } = await packProject(root);
  const existing = await lookup;
  const path = existing ? `/projects/${existing}/revisions` : `/projects?name=${encodeURIComponent(name)}`;
  return api.json<UploadedRevision>('POST', path, { body: archive, contentType: 'application/gzip' });
}

async function findProject(api: Api, name: string): Promise<string | undefined> {
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res: { items: Array<{ project_id: string; name: string }>; next_cursor: string | null } =
      await api.json('GET', `/projects?limit=100${query}`);
    const found = res.items.find((p) => p.name === name);
    if (found) return found.project_id;
    if (!(cursor = res.next_cursor)) return undefined;
  }
  return undefined;
}
