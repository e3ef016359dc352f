import { WorkContext } from '../../executor/work-context';
import { runAnsibleLint } from './ansible-lint.engine';
import { lintPlaybook } from './lint-engine';
import { LintOptions, LintResult } from './lint.types';

export interface LintInput {
  content: string;
  options?: LintOptions;
  engine?: 'builtin' | 'ansible-lint';
  /** Path or name of the ansible-lint binary (RELIA_ANSIBLE_LINT). */
  ansible_lint?: string;
}

/** Work function: lints one playbook with the chosen engine (built-in by default). */
export async function lint(input: LintInput, ctx: WorkContext): Promise<LintResult> {
  const engine = input.engine ?? 'builtin';
  ctx.progress(0, { engine });
  const result = engine === 'ansible-lint'
    ? await runAnsibleLint(input.content, input.options ?? {}, ctx, input.ansible_lint)
    : lintPlaybook(input.content, input.options);
  ctx.progress(100, { engine, findings: result.findings.length });
  return result;
}
