import { PlaybookModel } from './playbook-model';
import { RawFinding } from './rule';
import { YamlSource } from './yaml-source';

/**
 * The `skip_ansible_lint` tag, as 6.13 honours it (pinned on a fixture): any tag text containing it
 * silences every rule, yaml included, on the task's lines. A tagged block silences only its own
 * line, not its children.
 */
export function dropSkipTagged(findings: RawFinding[], source: YamlSource, model: PlaybookModel): RawFinding[] {
  const ranges = model.tasks
    .filter(({ view }) => String(view.get('tags') ?? '').includes('skip_ansible_lint'))
    .map(({ view, isBlock }) => [view.line, isBlock ? view.line : source.lineCounter.linePos(view.node.range?.[1] ?? 0).line]);
  if (ranges.length === 0) return findings;
  return findings.filter((f) => !ranges.some(([from, to]) => f.line >= from && f.line <= to));
}
