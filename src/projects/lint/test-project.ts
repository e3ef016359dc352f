import { createHash } from 'node:crypto';
import { ProjectFile } from './project-lint.types';

/** A project from `{ path: text }`, hashed as the service would hand it over (specs only). */
export function projectOf(tree: Record<string, string>): ProjectFile[] {
  return Object.entries(tree).map(([path, text]) => ({ path, text, sha256: createHash('sha256').update(text).digest('hex') }));
}
