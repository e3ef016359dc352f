import { LintFinding, LintOptions, LintResult } from './lint.types';
import { buildModel, PlaybookModel } from './playbook-model';
import { inProfile } from './profiles';
import { dropNoqa } from './noqa';
import { dropSkipTagged } from './skip-tag';
import { LintContext, RawFinding } from './rule';
import { listMatches, ruleUrl } from './rule-options';
import { RULES } from './rule-registry';
import { actionOf } from './task-action';
import { staticSyntaxCheck } from './syntax-check';
import { loadYaml } from './yaml-source';

export type { LintFinding, LintOptions, LintResult } from './lint.types';

/** ansible-lint stops listing there too; beyond it the result only says "truncated". */
export const MAX_FINDINGS = 1000;

/** Lints one playbook the way ansible-lint 6.13 would, without running Ansible. Pure. */
export function lintPlaybook(content: string, options: LintOptions = {}): LintResult {
  const rules = RULES.filter((rule) => inProfile(rule.profile, options.profile) && !listMatches(options.skip_list, rule.id));
  const raw = findingsOf(content, new Set(rules.map((rule) => rule.id)));
  const findings = raw.filter((f) => !listMatches(options.skip_list, f.rule)).map((f) => finish(f, options)).sort(byPosition);
  return {
    engine: 'builtin',
    passed: !findings.some((f) => f.severity === 'error'),
    profile: options.profile ?? 'default',
    rules: ['syntax-check', 'load-failure', 'internal-error', ...rules.map((rule) => rule.id)],
    summary: summarise(findings),
    findings: findings.slice(0, MAX_FINDINGS),
    truncated: findings.length > MAX_FINDINGS,
  };
}

/** Like 6.13, a playbook ansible would reject gets only that finding: nothing else is reliable. */
function findingsOf(content: string, ruleIds: Set<string>): RawFinding[] {
  const source = loadYaml(content);
  // One model for the syntax check and the rules.
  const model = source.doc && !source.failure ? buildModel(source.doc, source.lineCounter) : undefined;
  const rejected = staticSyntaxCheck(source, model);
  if (rejected || !source.doc || !model) return rejected ? [rejected] : [];
  return ruleFindings({ source, model, actions: actionsOf(model) }, ruleIds);
}

/** Every rule in `ruleIds` on one loaded file, `# noqa` applied: phase 2 of ansible-lint. */
export function ruleFindings(ctx: LintContext, ruleIds: Set<string>): RawFinding[] {
  const findings = RULES.filter((rule) => ruleIds.has(rule.id)).flatMap((rule) => rule.check(ctx));
  return dropSkipTagged(dropNoqa(findings, ctx.source, ctx.model), ctx.source, ctx.model);
}

export function actionsOf(model: PlaybookModel): LintContext['actions'] {
  return model.tasks.flatMap((task) => {
    const action = task.isBlock ? undefined : actionOf(task);
    return action ? [{ task, action }] : [];
  });
}

export function finish(raw: RawFinding, options: LintOptions): LintFinding {
  const severity = listMatches(options.warn_list, raw.rule) ? 'warning' : (raw.severity ?? 'error');
  return { rule: raw.rule, message: raw.message, severity, line: raw.line, column: raw.column ?? 1, url: ruleUrl(raw.rule) };
}

function byPosition(a: LintFinding, b: LintFinding): number {
  return a.line - b.line || a.column - b.column;
}

export function summarise(findings: LintFinding[]): LintResult['summary'] {
  const by_rule: Record<string, number> = {};
  for (const f of findings) by_rule[f.rule] = (by_rule[f.rule] ?? 0) + 1;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors, by_rule };
}
