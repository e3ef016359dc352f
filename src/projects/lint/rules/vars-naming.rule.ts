import { isMap, isScalar, Node } from 'yaml';
import { ProjectRule } from '../project-rule';

const VALID = /^[a-z_][a-z0-9_]*$/;

/**
 * var-naming on a vars file (vars/, defaults/, group_vars/, host_vars/): 6.13 reports each top-level
 * name that is not lower-case snake case as plain `var-naming`, on the name's line. Templated names
 * are left to schema[vars].
 */
export const varsNamingRule: ProjectRule = {
  id: 'var-naming',
  profile: 'basic',
  kinds: ['vars'],
  check: ({ source }) => {
    const contents = source.doc?.contents;
    if (!isMap(contents)) return [];
    return contents.items.flatMap(({ key }) => {
      const name = isScalar(key) ? String(key.value) : '';
      if (!name || VALID.test(name) || name.includes('{{')) return [];
      const line = source.lineCounter.linePos((key as Node).range?.[0] ?? 0).line;
      return [{ rule: 'var-naming', line, message: `File defines variable '${name}' that violates variable naming standards` }];
    });
  },
};
