import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import ignore, { type Ignore } from 'ignore';
import { pack as tarPack } from 'tar-stream';
import { excludePaths } from './lint-config';

export interface PackedProject {
  /** The tar.gz, as POST /projects takes it. */
  archive: Buffer;
  /** Relative, '/'-separated paths of what went in. */
  files: string[];
}

interface Entry {
  path: string;
  stats: Stats;
}

/** Never sent: version-control internals, whatever the ignore files say. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);

/**
 * Packs the project under `root` as ansible-lint would see the checkout: no `.git/`, nothing
 * `.gitignore` (at any depth) ignores, nothing in `.ansible-lint`'s `exclude_paths`.
 */
export async function packProject(root: string): Promise<PackedProject> {
  const excluded = ignore().add(excludePaths(root));
  const entries = walk(root, '', [], excluded);
  return { archive: await tarGz(root, entries), files: entries.map((e) => e.path) };
}

/** Depth first, sorted, so the same tree always gives the same archive order. */
function walk(root: string, dir: string, scopes: Array<{ base: string; rules: Ignore }>, excluded: Ignore): Entry[] {
  const here = [...scopes, ...gitignoreAt(root, dir)];
  const entries: Entry[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    if (ALWAYS_SKIPPED.has(name)) continue;
    const path = dir ? `${dir}/${name}` : name;
    const stats = lstatSync(join(root, path));
    const probe = stats.isDirectory() ? `${path}/` : path;
    if (excluded.ignores(probe) || here.some((s) => s.rules.ignores(probe.slice(s.base.length)))) continue;
    if (stats.isDirectory()) entries.push(...walk(root, path, here, excluded));
    else if (stats.isFile() || stats.isSymbolicLink()) entries.push({ path, stats });
  }
  return entries;
}

function gitignoreAt(root: string, dir: string): Array<{ base: string; rules: Ignore }> {
  try {
    const text = readFileSync(join(root, dir, '.gitignore'), 'utf8');
    return [{ base: dir ? `${dir}/` : '', rules: ignore().add(text) }];
  } catch {
    return [];
  }
}

function tarGz(root: string, entries: Entry[]): Promise<Buffer> {
  const tar = tarPack();
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(chunks)));
    gzip.on('error', reject);
    tar.on('error', reject);
  });
  tar.pipe(gzip);
  for (const { path, stats } of entries) {
    // Only the executable bit matters to Ansible; owners and times would only make archives differ.
    const mode = stats.mode & 0o111 ? 0o755 : 0o644;
    if (stats.isSymbolicLink()) tar.entry({ name: path, type: 'symlink', linkname: readlinkSync(join(root, path)), mode: 0o777 });
    else tar.entry({ name: path, mode, mtime: new Date(0) }, readFileSync(join(root, path)));
  }
  tar.finalize();
  return done;
}
