import { isBuiltin, routedName } from '../module-index';
import { RawFinding, Rule } from '../rule';

/** Short module names resolve differently with `collections:` or a local library: ask for FQCNs. */
export const fqcnRule: Rule = {
  id: 'fqcn',
  profile: 'production',
  check: ({ actions, model }) => [
    ...actions.flatMap(({ task, action }): RawFinding[] => {
      if (action.module.includes('.')) return [];
      const line = task.view.line;
      if (isBuiltin(action.module)) {
        return [{ rule: 'fqcn[action-core]', line, message: `Use FQCN for builtin module actions (${action.module}).` }];
      }
      const target = routedName(action.module);
      return target ? [{ rule: 'fqcn[action]', line, message: `Use FQCN for module actions, such \`${target}\`.` }] : [];
    }),
    ...model.plays.filter((play) => play.has('collections')).map((play) => ({
      rule: 'fqcn[keyword]',
      line: play.line,
      message: 'Avoid `collections` keyword by using FQCN for all plugins, modules, roles and playbooks.',
    })),
  ],
};
