import type { IntakeLimits } from '../intake/tree-entry';

/** What an upload thread needs to store one archive as a revision. */
export interface UploadJob {
  databaseUrl: string;
  limits: IntakeLimits;
  contentType: string | undefined;
  /** A new project with this revision as its first, or a new revision of a project the owner may see (undefined: any, for admins). */
  target: { create: { projectId: string; userId: string; name: string } } | { revise: { projectId: string; owner: string | undefined } };
}

export interface StoredUpload {
  projectId: string;
  projectName: string;
  revisionId: string;
  files: number;
  totalBytes: number;
  playbooks: string[];
}

/** Messages between the main thread (which reads the request) and an upload thread (which stores it). */
export type ToUploadThread =
  | { type: 'start'; job: UploadJob }
  | { type: 'chunk'; chunk: Uint8Array }
  | { type: 'end' }
  /** The client went away: the upload ends as a failure, and nothing is kept. */
  | { type: 'abort' };

export type FromUploadThread =
  /** This many bytes were consumed: the main thread may send more (flow control). */
  | { type: 'consumed'; bytes: number }
  | { type: 'done'; stored: StoredUpload }
  | { type: 'failed'; error: { kind: 'intake'; code: string; message: string } | { kind: 'not_found' } | { kind: 'internal'; message: string } };
