import { PlaybookModel } from './playbook-model';
import { RawFinding } from './rule';
import { YamlSource } from './yaml-source';

const NOQA = /#\s*noqa:?\s+([^#]*)/;

/**
 * `# noqa: rule-a rule-b` comments, as ansible-lint documents them: on a task (any of its lines)
 * they skip those rules for the task; elsewhere for that line. An entry without `[...]` covers
 * every sub-id (`fqcn` skips `fqcn[action-core]`).
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
  return findings.filter((f) => {
    const ids = skipped.get(f.line);
    return !ids || !(ids.has(f.rule) || ids.has(f.rule.replace(/\[.*$/, '')));
  });
}
