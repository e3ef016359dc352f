import { isScalar, visit } from 'yaml';
import { shortName } from '../module-index';
import { Rule } from '../rule';

/** A tab, or a double-quoted escape that makes one. */
const MAYBE_TAB = /\t|\\t|\\x09|\\u0009/;

/**
 * no-tabs (6.13, pinned by experiment): a task or block with a tab anywhere in its keys or string
 * values (a block also through its children) is reported on its first line; `lineinfile` arguments
 * are exempt, `win_lineinfile` ones are not.
 */
export const noTabsRule: Rule = {
  id: 'no-tabs',
  profile: 'basic',
  check: ({ source, model }) => {
    if (!MAYBE_TAB.test(source.text)) return [];
    return model.tasks
      .filter((task) => {
        const exempt = task.actionKey && shortName(task.actionKey) === 'lineinfile' ? task.view.valueNode(task.actionKey) : undefined;
        let found = false;
        visit(task.view.node, (_key, node) => {
          if (node === exempt) return visit.SKIP;
          if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\t')) {
            found = true;
            return visit.BREAK;
          }
          return undefined;
        });
        return found;
      })
      .map((task) => ({ rule: 'no-tabs', line: task.view.line, message: 'Most files should not contain tabs.' }));
  },
};
