import { isMap, isScalar, isSeq, Node, visit } from 'yaml';
import { respacedExpression, respacedTemplate } from '../jinja-format';
import { MapView } from '../playbook-model';
import { LintContext, RawFinding, Rule } from '../rule';

/** Keys whose string is a bare Jinja expression: 6.13 checks it as if it stood in `{{ }}`. */
const CONDITIONS = new Set(['when', 'changed_when', 'failed_when', 'until']);
const COMMAND_MODULES = new Set(['command', 'shell', 'raw', 'script', 'win_command', 'win_shell']);

/**
 * jinja[spacing], a warning by default: each template string of a task (free-form `k=v` values one
 * by one) or of a vars file whose spacing differs from the recommended one. A task's finding is on
 * the line of the innermost mapping holding the string, as 6.13 reports it; a vars file's on the
 * string's own line.
 */
export const jinjaRule: Rule = {
  id: 'jinja',
  profile: 'basic',
  check: (ctx) => (ctx.kind === 'vars' ? varsFindings(ctx) : taskFindings(ctx)),
};

function taskFindings({ model, actions, kind }: LintContext): RawFinding[] {
  // Bare conditions are checked in playbooks only: 6.13 reports none in a role's tasks files.
  const conditions = !kind || kind === 'playbook';
  const freeForm = new Map(actions.map(({ task, action }) => [task.view, COMMAND_MODULES.has(action.short)]));
  return model.tasks.flatMap(({ view, isBlock, actionKey }) =>
    view.keys.flatMap((key, i) => {
      if (isBlock && ['block', 'rescue', 'always'].includes(key)) return [];
      const value = view.node.items[i].value;
      const split = key === actionKey && !freeForm.get(view) && key !== 'action' && key !== 'local_action';
      return valueFindings(view, value as Node, view.line, conditions && CONDITIONS.has(key), split);
    }));
}

function valueFindings(view: MapView, node: Node | null, line: number, condition: boolean, split: boolean): RawFinding[] {
  if (isScalar(node)) return typeof node.value === 'string' ? stringFindings(node.value, line, condition, split) : [];
  if (isSeq(node)) return node.items.flatMap((item) => valueFindings(view, item as Node, line, condition, false));
  if (isMap(node)) {
    const inner = view.lineOf(node);
    return node.items.flatMap((pair) => valueFindings(view, pair.value as Node, inner, false, false));
  }
  return [];
}

function stringFindings(text: string, line: number, condition: boolean, split: boolean): RawFinding[] {
  if (split) return freeFormValues(text).flatMap((part) => stringFindings(part, line, false, false));
  const bare = condition && !text.includes('{{') && !text.includes('{%');
  if (!bare && !/\{[{%]/.test(text)) return [];
  const respaced = bare ? respacedExpression(text) : respacedTemplate(text);
  if (respaced === undefined || respaced === (bare ? text.trim() : text)) return [];
  return [{ rule: 'jinja[spacing]', line, severity: 'warning', message: `Jinja2 spacing could be improved: ${text} -> ${respaced}` }];
}

/** `k=v` words of a free-form string, as ansible splits them: spaces inside `{{ }}` or quotes do not split. */
function freeFormValues(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (text.startsWith('{{', i) || text.startsWith('{%', i)) depth++;
    else if ((text.startsWith('}}', i) || text.startsWith('%}', i)) && depth > 0) depth--;
    if (/\s/.test(c) && depth === 0 && !quote) { if (word) words.push(word); word = ''; continue; }
    word += c;
  }
  if (word) words.push(word);
  return words.map((w) => w.replace(/^[A-Za-z_]\w*=/, '').replace(/^(['"])(.*)\1$/, '$2'));
}

function varsFindings({ source }: LintContext): RawFinding[] {
  const findings: RawFinding[] = [];
  visit(source.doc!, {
    Scalar: (key, node) => {
      if (key === 'key' || typeof node.value !== 'string') return;
      const line = source.lineCounter.linePos(node.range![0]).line;
      findings.push(...stringFindings(node.value, line, false, false));
    },
  });
  return findings;
}
