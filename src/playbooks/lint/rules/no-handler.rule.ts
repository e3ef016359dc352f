import { Rule } from '../rule';

/** `x.changed` or `x is changed` as the whole condition. */
const ONLY_CHANGED = /^\s*[\w.[\]'"]+(\.changed|\s+is\s+changed)\s*$/;

/**
 * A task that runs only when another one changed something is a handler in disguise. Reported when
 * the whole `when` (a string, or a list of one) is such a test, as in the corpus. Handlers are
 * exempt; like risky-shell-pipe, 6.13 does not check tasks inside blocks.
 */
export const noHandlerRule: Rule = {
  id: 'no-handler',
  profile: 'shared',
  check: ({ model }) =>
    model.tasks
      .filter(({ view, isBlock, inBlock, section }) => {
        if (isBlock || inBlock || section === 'handlers') return false;
        const when = view.get('when');
        const condition = Array.isArray(when) && when.length === 1 ? when[0] : when;
        return typeof condition === 'string' && ONLY_CHANGED.test(condition);
      })
      .map(({ view }) => ({ rule: 'no-handler', line: view.line, message: 'Tasks that run when changed should likely be handlers.' })),
};
