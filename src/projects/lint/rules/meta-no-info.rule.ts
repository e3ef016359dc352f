import { RawFinding } from '../../../playbooks/lint/rule';
import { ProjectRule } from '../project-rule';
import { galaxyInfoEntry } from './galaxy-info';

/** The fields 6.13 wants in `galaxy_info`, in the order it names the missing ones (probed one per file). */
const REQUIRED_INFO = ['author', 'description', 'license', 'min_ansible_version', 'platforms'];

/** meta-no-info: a role's meta/main.yml should say what the role is, in `galaxy_info`. All on line 1. */
export const metaNoInfoRule: ProjectRule = {
  id: 'meta-no-info',
  profile: 'shared',
  kinds: ['meta'],
  check: ({ source }) => {
    const info = galaxyInfoEntry(source)?.info;
    if (!info) return [finding("No 'galaxy_info' found")];
    const missing = REQUIRED_INFO.filter((field) => !(field in info)).map((field) => finding(`Role info should contain ${field}`));
    const platforms = info.platforms;
    const badPlatforms = 'platforms' in info && !(Array.isArray(platforms) && platforms.every((p) => typeof p === 'object' && p !== null));
    return badPlatforms ? [...missing, finding('Platforms should be a list of dictionaries')] : missing;
  },
};

function finding(message: string): RawFinding {
  return { rule: 'meta-no-info', line: 1, message };
}
