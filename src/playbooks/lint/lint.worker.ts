import { WorkContext } from '../../executor/work-context';
import { runAnsibleLint } from './ansible-lint.engine';
import { lintPlaybook } from './lint-engine';
import { LintOptions, LintResult } from './lint.types';
import { lintRevision, lintRevisionWithAnsibleLint } from '../../projects/lint/revision-lint';
import type { RevisionLintInput } from '../../projects/lint/revision-lint.types';

export interface LintInput {
  /** A stored playbook's YAML, or else: */
  content?: string;
  /** a project revision, linted whole. */
  project?: RevisionLintInput;
  options?: LintOptions;
  engine?: 'builtin' | 'ansible-lint';
  /** Path or name of the ansible-lint binary (RELIA_ANSIBLE_LINT). */
  ansible_lint?: string;
}

/** Work function: lints one playbook, or a project revision, with the chosen engine (built-in by default). */
export async function lint(input: LintInput, ctx: WorkContext): Promise<Pick<LintResult, 'findings'>> {
  const engine = input.engine ?? 'builtin';
  ctx.progress(0, { engine });
  const result = input.project ? await lintProjectWith(engine, input.project, input, ctx) : await lintContent(engine, input, ctx);
  ctx.progress(100, { engine, findings: result.findings.length });
  return result;
}

function lintContent(engine: string, input: LintInput, ctx: WorkContext): Promise<LintResult> | LintResult {
  return engine === 'ansible-lint'
    ? runAnsibleLint(input.content ?? '', input.options ?? {}, ctx, input.ansible_lint)
    : lintPlaybook(input.content ?? '', input.options);
}

function lintProjectWith(engine: string, project: RevisionLintInput, input: LintInput, ctx: WorkContext): Promise<Pick<LintResult, 'findings'>> {
  return engine === 'ansible-lint'
    ? lintRevisionWithAnsibleLint(project, input.options ?? {}, ctx, input.ansible_lint)
    : lintRevision(project, input.options ?? {}, ctx);
}
