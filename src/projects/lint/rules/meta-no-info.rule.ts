import { isMap } from 'yaml';
import { ProjectRule } from '../project-rule';

/** meta-no-info: a role's meta/main.yml should say what the role is, in `galaxy_info`. */
export const metaNoInfoRule: ProjectRule = {
  id: 'meta-no-info',
  profile: 'shared',
  kinds: ['meta'],
  check: ({ source }) => {
    const contents = source.doc?.contents;
    if (isMap(contents) && contents.has('galaxy_info')) return [];
    return [{ rule: 'meta-no-info', line: 1, message: "No 'galaxy_info' found" }];
  },
};
