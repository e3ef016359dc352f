// Builds the console into dist/console (served at / by src/console/serve-console.ts):
// esbuild bundles web/src with code splitting, so the code view (CodeMirror) loads only when a
// file is opened, and file names carry a content hash, so they can be cached for good.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'console');
const assets = join(out, 'assets');

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  outdir: assets,
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

/** The files index.html names: the entry's script and its stylesheet, both loaded at first paint. */
const outputs = result.metafile.outputs;
const entry = Object.entries(outputs).find(([, o]) => o.entryPoint?.endsWith('main.tsx') && !o.entryPoint.endsWith('.css'));
const [entryJs, entryInfo] = entry;
const css = entryInfo.cssBundle;
const url = (file) => `/console/assets/${relative(assets, file)}`;
const html = readFileSync(join(here, 'index.html'), 'utf8')
  .replace('%SCRIPT%', url(entryJs))
  .replace('%STYLE%', url(css));
writeFileSync(join(out, 'index.html'), html);

/** First load = the entry and the chunks it imports statically (dynamic imports load later). */
function firstLoad(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imp of outputs[file].imports) if (imp.kind === 'import-statement') firstLoad(imp.path, seen);
  return seen;
}
const gz = (file) => gzipSync(readFileSync(file)).length;
const initial = [...firstLoad(entryJs)];
const report = {
  first_load_js_gzip_bytes: initial.reduce((sum, f) => sum + gz(f), 0),
  first_load_files: initial.map((f) => relative(out, f)),
  all_js_gzip_bytes: Object.keys(outputs).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gz(f), 0),
  css_gzip_bytes: gz(css),
};
/** Issue 17's budget for the first load; the browser test measures it again from the network. */
const BUDGET_GZIP_BYTES = 250 * 1000;
writeFileSync(join(out, 'bundle-report.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`console: ${(report.first_load_js_gzip_bytes / 1024).toFixed(1)} KiB of JavaScript gzipped on first load ` +
  `(${(report.all_js_gzip_bytes / 1024).toFixed(1)} KiB in all) -> ${relative(process.cwd(), out)}`);
if (report.first_load_js_gzip_bytes > BUDGET_GZIP_BYTES) {
  console.error(`console: over the ${BUDGET_GZIP_BYTES / 1000} KB budget for JavaScript on first load`);
  process.exitCode = 1;
}
