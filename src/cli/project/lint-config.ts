import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where ansible-lint looks for its configuration, in its order. */
const CONFIG_FILES = ['.ansible-lint', '.ansible-lint.yml', '.ansible-lint.yaml', '.config/ansible-lint.yml', '.config/ansible-lint.yaml'];

/**
 * The project's `exclude_paths`, so that what ansible-lint would skip is not even uploaded. A
 * config that does not parse excludes nothing here: the service lints it and reports why.
 */
export function excludePaths(root: string): string[] {
  for (const name of CONFIG_FILES) {
    let text: string;
    try {
      text = readFileSync(join(root, name), 'utf8');
    } catch {
      continue;
    }
    try {
      // Loaded only when there is a config: the yaml package alone costs ~50 ms of start-up.
      const { parse } = require('yaml') as typeof import('yaml');
      const paths = (parse(text) as { exclude_paths?: unknown } | null)?.exclude_paths;
      return Array.isArray(paths) ? paths.map((p) => String(p).replace(/^\.\//, '')) : [];
    } catch {
      return [];
    }
  }
  return [];
}
