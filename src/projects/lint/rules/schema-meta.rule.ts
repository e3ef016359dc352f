import { ProjectRule } from '../project-rule';

/** The platform versions 6.13's meta schema knows, for the platforms whose lists grow. */
const PLATFORM_VERSIONS: Record<string, string[]> = {
  Ubuntu: ['all', 'lucid', 'maverick', 'natty', 'oneiric', 'precise', 'quantal', 'raring', 'saucy', 'trusty', 'utopic', 'vivid', 'wily', 'xenial', 'yakkety', 'zesty', 'artful', 'bionic', 'cosmic', 'disco', 'eoan', 'focal', 'groovy', 'hirsute', 'impish', 'jammy', 'kinetic'],
  Debian: ['all', 'bookworm', 'bullseye', 'buster', 'etch', 'jessie', 'lenny', 'sid', 'squeeze', 'stretch', 'wheezy'],
  EL: ['all', '5', '6', '7', '8', '9'],
};

/** The `galaxy_info` keys 6.13's meta schema allows (probed: any other key is an additional property). */
const INFO_KEYS = new Set([
  'author', 'description', 'company', 'license', 'min_ansible_version', 'min_ansible_container_version', 'role_name',
  'namespace', 'issue_tracker_url', 'github_branch', 'standalone', 'galaxy_tags', 'platforms',
]);

interface Meta { galaxy_info?: Record<string, unknown>; dependencies?: unknown }

/**
 * schema[meta]: the violations of 6.13's meta JSON schema that real roles show. Like 6.13, one
 * finding on line 1 for the file, naming the first problem.
 */
export const schemaMetaRule: ProjectRule = {
  id: 'schema',
  profile: 'basic',
  kinds: ['meta'],
  check: ({ source }) => {
    const meta = source.doc?.toJS() as Meta | null;
    const problem = meta && typeof meta === 'object' ? infoProblem(meta.galaxy_info) ?? dependencyProblem(meta.dependencies) : undefined;
    return problem ? [{ rule: 'schema[meta]', line: 1, message: problem }] : [];
  },
};

function infoProblem(info: Record<string, unknown> | undefined): string | undefined {
  if (!info || typeof info !== 'object') return undefined;
  // jsonschema's best match is the shallowest error: unknown keys of galaxy_info come before their values.
  const extra = Object.keys(info).filter((key) => !INFO_KEYS.has(key)).sort();
  if (extra.length) return `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`;
  const version = info.min_ansible_version;
  if (version !== undefined && typeof version !== 'string') return `${version} is not of type 'string'`;
  const platforms = Array.isArray(info.platforms) ? (info.platforms as { name?: string; versions?: unknown[] }[]) : [];
  const bad = platforms.find((p) => {
    const known = PLATFORM_VERSIONS[String(p?.name)];
    return known && Array.isArray(p.versions) && p.versions.some((v) => !known.includes(String(v)));
  });
  return bad ? `${JSON.stringify(bad)} is not valid under any of the given schemas` : undefined;
}

/** 6.13's schema wants every dependency as a mapping (`- role: x`), not a bare name. */
function dependencyProblem(dependencies: unknown): string | undefined {
  const bad = Array.isArray(dependencies) ? dependencies.find((d) => typeof d !== 'object') : undefined;
  return bad !== undefined ? `'${bad}' is not of type 'object'` : undefined;
}
