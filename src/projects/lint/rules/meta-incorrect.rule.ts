import { ProjectRule } from '../project-rule';
import { galaxyInfoEntry } from './galaxy-info';

/** The values `ansible-galaxy role init` writes, old and new skeletons (6.13 flags these, not every placeholder). */
const SKELETON_DEFAULTS: Record<string, string[]> = {
  author: ['your name'],
  description: ['your description'],
  company: ['your company (optional)'],
  license: ['license (GPLv2, CC-BY, etc)', 'license (GPL-2.0-or-later, MIT, etc)'],
};

/** meta-incorrect: galaxy_info fields still at the skeleton's defaults, one finding per field on the `galaxy_info` line. */
export const metaIncorrectRule: ProjectRule = {
  id: 'meta-incorrect',
  profile: 'shared',
  kinds: ['meta'],
  check: ({ source }) => {
    const entry = galaxyInfoEntry(source);
    if (!entry) return [];
    return Object.entries(SKELETON_DEFAULTS)
      .filter(([field, defaults]) => defaults.includes(entry.info[field] as string))
      .map(([field]) => ({ rule: 'meta-incorrect', line: entry.line, message: `Should change default metadata: ${field}` }));
  },
};
