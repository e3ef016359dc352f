import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The callback plugin ships beside this file, in src/ under tsx and in dist/ once built. */
export const PLUGIN_DIR = join(__dirname, 'plugins');

let published: string | undefined;

/**
 * The callback plugin where a run's unprivileged uid can read it. The service's own directory may
 * be closed to others (a checkout made by `mktemp -d` is 0700), so the plugin is copied once into
 * a folder of this user's, readable by all and named by its content: the same on every start, so
 * nothing accumulates.
 */
export function runPluginDir(): string {
  published ??= publish();
  return published;
}

function publish(): string {
  const files = readdirSync(PLUGIN_DIR).filter((f) => f.endsWith('.py')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(PLUGIN_DIR, f)));
  const dir = join(tmpdir(), `relia-plugins-${hash.digest('hex').slice(0, 16)}`);
  if (ours(dir)) return dir;
  const staging = mkdtempSync(join(tmpdir(), 'relia-plugins-new-'));
  for (const f of files) {
    copyFileSync(join(PLUGIN_DIR, f), join(staging, f));
    chmodSync(join(staging, f), 0o644);
  }
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, dir);
    return dir;
  } catch {
    // Another thread published it first, or someone else holds the name: use ours if it is not ours.
    if (!ours(dir)) return staging;
    rmSync(staging, { recursive: true, force: true });
    return dir;
  }
}

/** Made by this user and writable by nobody else: safe to hand to a run. */
function ours(dir: string): boolean {
  try {
    const stat = statSync(dir);
    return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
