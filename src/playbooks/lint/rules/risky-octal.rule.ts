import { isMap, isScalar, Scalar } from 'yaml';
import { Rule } from '../rule';

/** Modules whose `mode` 6.13 checks (not get_url, by the project corpus). */
const MODE_MODULES = new Set(['assemble', 'copy', 'file', 'ini_file', 'lineinfile', 'replace', 'synchronize', 'template', 'unarchive']);

/**
 * risky-octal: `mode: 644` is the decimal number 644 (octal 1204), not rw-r--r--. Only an unquoted
 * number without a leading zero is reported; `0644` is octal in YAML 1.1 (yaml[octal-values] asks
 * for a string there).
 */
export const riskyOctalRule: Rule = {
  id: 'risky-octal',
  profile: 'safety',
  check: ({ actions }) =>
    actions.flatMap(({ task, action }) => {
      if (!MODE_MODULES.has(action.short)) return [];
      const args = [task.view.valueNode(task.actionKey!), task.view.valueNode('args')];
      const mode = args.map((node) => (isMap(node) ? node.get('mode', true) : undefined)).find(isScalar) as (Scalar & { source?: string }) | undefined;
      const source = mode?.source ?? '';
      if (typeof mode?.value !== 'number' || !/^[1-9]\d*$/.test(source)) return [];
      const octal = `0${mode.value.toString(8)}`;
      return [{ rule: 'risky-octal', line: task.view.line, message: `\`mode: ${source}\` should have a string value with leading zero \`mode: "${octal}"\` or use symbolic mode.` }];
    }),
};
