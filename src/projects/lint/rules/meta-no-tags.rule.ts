import { RawFinding } from '../../../playbooks/lint/rule';
import { ProjectRule } from '../project-rule';
import { galaxyInfoEntry } from './galaxy-info';

const TAG = /^[a-z0-9]+$/;

/** meta-no-tags: `galaxy_tags` must be a list of lower-case alphanumeric strings; `categories` is the old name. */
export const metaNoTagsRule: ProjectRule = {
  id: 'meta-no-tags',
  profile: 'shared',
  kinds: ['meta'],
  check: ({ source }) => {
    const info = galaxyInfoEntry(source)?.info;
    if (!info) return [];
    if ('categories' in info) return [finding("Use 'galaxy_tags' rather than 'categories'")];
    if (!('galaxy_tags' in info)) return [];
    const tags = info.galaxy_tags;
    return Array.isArray(tags) ? tags.flatMap(tagProblem).map(finding) : [finding("Expected 'galaxy_tags' to be a list")];
  },
};

function tagProblem(tag: unknown): string[] {
  if (typeof tag !== 'string') return [`Tags must be strings: '${String(tag)}'`];
  return TAG.test(tag) ? [] : [`Tags must contain lowercase letters and digits only., invalid: '${tag}'`];
}

// 6.13 reports every tag on line 1 of the file.
function finding(message: string): RawFinding {
  return { rule: 'meta-no-tags', line: 1, message };
}
