/**
 * Where a `--cpu-prof` profile spends its time: self time by package (node_modules/<pkg>, the
 * service's own code, node internals, GC, idle) and the top functions.
 *   npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const TOP = Number(topArg ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function bucket(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (!url) return `(${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  if (url.includes('/dist/')) return 'relia:' + url.split('/dist/')[1].split('/').slice(0, 2).join('/');
  return url;
}

const sum = (key: (n: Node) => string): [string, number][] => {
  const m = new Map<string, number>();
  for (const [id, us] of self) {
    const k = key(byId.get(id)!);
    m.set(k, (m.get(k) ?? 0) + us);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
};
const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
console.log(`total ${(total / 1e6).toFixed(2)} s sampled`);
console.log('\nself time by package:');
for (const [k, us] of sum(bucket).slice(0, TOP)) console.log(`  ${pct(us).padStart(7)}  ${k}`);
console.log('\nself time by function:');
for (const [k, us] of sum((n) => `${n.callFrame.functionName || '(anon)'} ${bucket(n)}:${n.callFrame.lineNumber}`).slice(0, TOP)) {
  console.log(`  ${pct(us).padStart(7)}  ${k}`);
}

// Inclusive time (self plus callees), per function, counted once per sample however deep it recurs.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const n = byId.get(x)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${bucket(n)}:${n.callFrame.lineNumber}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
console.log('\ninclusive time by function (package code only):');
for (const [k, us] of [...inclusive].filter(([k]) => !k.includes('node:') && !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, TOP * 2)) {
  console.log(`  ${pct(us).padStart(7)}  ${k}`);
}
