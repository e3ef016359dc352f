import { ProjectRule } from '../project-rule';

/** The keys 6.13's galaxy schema requires, in the order its first missing one is reported (probed). */
const REQUIRED = ['namespace', 'name', 'version', 'readme', 'authors', 'description', 'repository'];

/** schema[galaxy]: a galaxy.yml without a required key; one finding on line 1, naming the first. */
export const schemaGalaxyRule: ProjectRule = {
  id: 'schema',
  profile: 'basic',
  kinds: ['galaxy'],
  check: ({ source }) => {
    const data = source.doc?.toJS() as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') return [];
    const missing = REQUIRED.find((key) => !(key in data));
    return missing ? [{ rule: 'schema[galaxy]', line: 1, message: `'${missing}' is a required property` }] : [];
  },
};
