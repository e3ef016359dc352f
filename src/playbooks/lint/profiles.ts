import { Profile } from './lint.types';

/** ansible-lint's profiles, each extending the one before (`ansible-lint -P`, 6.13). */
export const PROFILE_ORDER: readonly Profile[] = ['min', 'basic', 'moderate', 'safety', 'shared', 'production'];

/** Whether a rule whose lowest profile is `ruleProfile` runs under the requested profile. */
export function inProfile(ruleProfile: Profile | undefined, requested: Profile | undefined): boolean {
  if (!requested) return true;
  if (!ruleProfile) return false;
  return PROFILE_ORDER.indexOf(ruleProfile) <= PROFILE_ORDER.indexOf(requested);
}
