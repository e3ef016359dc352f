import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes under `dir`, not following links; what vanishes while counting (git's temp files) is skipped. */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const stat = await lstat(path).catch(() => undefined);
    if (stat?.isDirectory()) total += await dirSize(path);
    else if (stat) total += stat.size;
  }
  return total;
}
