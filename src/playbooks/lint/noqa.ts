import { PlaybookModel } from './playbook-model';
import { RawFinding } from './rule';
import { YamlSource } from './yaml-source';

const NOQA = /#\s*noqa:?\s+([^#]*)/;

/**
 * `# noqa: rule-a rule-b` comments, as ansible-lint documents them: on a task (any of its lines)
 * they skip those rules for the task; elsewhere for that line. An entry without `[...]` covers
 * every sub-id (`fqcn` skips `fqcn[action-core]`).
 *
 * For the yamllint rules (`yaml[...]`) 6.13 behaves differently (found by experiment): a noqa on
 * line L skips that rule on line L and on every line after it, to the end of the file.
 */
export function dropNoqa(findings: RawFinding[], source: YamlSource, model: PlaybookModel): RawFinding[] {
  const byLine = new Map<number, string[]>();
  source.lines.forEach((text, index) => {
    if (!text.includes('noqa')) return;
    const ids = NOQA.exec(text)?.[1].split(/[\s,]+/).filter(Boolean);
    if (ids?.length) byLine.set(index + 1, ids);
  });
  if (byLine.size === 0) return findings;
  const skipped = new Map<number, Set<string>>();
  const add = (line: number, ids: string[]) => {
    const set = skipped.get(line) ?? skipped.set(line, new Set()).get(line)!;
    for (const id of ids) set.add(id);
  };
  for (const [line, ids] of byLine) add(line, ids);
  for (const { view, isBlock } of model.tasks) {
    if (isBlock) continue;
    const last = source.lineCounter.linePos(view.node.range?.[1] ?? 0).line;
    for (let line = view.line; line <= last; line++) {
      const ids = byLine.get(line);
      if (ids) add(view.line, ids);
    }
  }
  const yamlFrom = new Map<string, number>(); // id -> first line with a noqa for it
  for (const [line, ids] of byLine) for (const id of ids) yamlFrom.set(id, Math.min(line, yamlFrom.get(id) ?? line));
  return findings.filter((f) => {
    if (f.rule.startsWith('yaml')) {
      const from = Math.min(yamlFrom.get(f.rule) ?? Infinity, yamlFrom.get('yaml') ?? Infinity);
      return f.line < from;
    }
    const ids = skipped.get(f.line);
    return !ids || !(ids.has(f.rule) || ids.has(f.rule.replace(/\[.*$/, '')));
  });
}
