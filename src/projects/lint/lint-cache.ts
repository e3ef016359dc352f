import { createHash } from 'node:crypto';
import { FileReport, PreviousLint, ProjectLintFinding } from './project-lint.types';

/** Bumped whenever a rule changes, so that no stored result outlives the code that produced it. */
export const ENGINE_VERSION = 'project-lint/1';

/**
 * Which stage a file's stored findings cover: `full` (load, then every rule) or `phase1` (only the
 * load, because a load or syntax failure elsewhere stopped the other rules).
 */
export type Stage = 'full' | 'phase1';

export function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** A file's keys for both stages: one hash of what its findings depend on, tagged with the stage. */
export function fileKeys(path: string, kind: string, sha256: string, contextHash: string): Record<Stage, string> {
  const base = hash(ENGINE_VERSION, path, kind, sha256, contextHash);
  return { full: `${base}-full`, phase1: `${base}-phase1` };
}

/** A previous lint's reports and findings by path, to be looked up by key. */
export class LintCache {
  private readonly reports = new Map<string, FileReport>();
  private readonly findings = new Map<string, ProjectLintFinding[]>();

  constructor(previous?: PreviousLint) {
    for (const report of previous?.files ?? []) this.reports.set(report.path, report);
    for (const finding of previous?.findings ?? []) {
      const list = this.findings.get(finding.path) ?? this.findings.set(finding.path, []).get(finding.path)!;
      list.push(finding);
    }
  }

  /** The stage the stored findings of `path` cover, when they were made with one of these keys. */
  stageOf(path: string, keys: Record<Stage, string>): Stage | undefined {
    const key = this.reports.get(path)?.key;
    return key === keys.full ? 'full' : key === keys.phase1 ? 'phase1' : undefined;
  }

  kindOf(path: string): string | undefined {
    return this.reports.get(path)?.kind;
  }

  /** A file's own findings: syntax-check ones depend on other files and are always redone. */
  ownFindings(path: string): ProjectLintFinding[] {
    return (this.findings.get(path) ?? []).filter((f) => !f.rule.startsWith('syntax-check') && f.rule !== 'internal-error');
  }
}
