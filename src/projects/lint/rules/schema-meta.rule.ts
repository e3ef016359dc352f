import { ProjectRule } from '../project-rule';

/** The platform versions 6.13's meta schema knows, for the platforms whose lists grow (probed: `kinetic` is not there). */
const PLATFORM_VERSIONS: Record<string, string[]> = {
  Ubuntu: ['all', 'lucid', 'maverick', 'natty', 'oneiric', 'precise', 'quantal', 'raring', 'saucy', 'trusty', 'utopic', 'vivid', 'wily', 'xenial', 'yakkety', 'zesty', 'artful', 'bionic', 'cosmic', 'disco', 'eoan', 'focal', 'groovy', 'hirsute', 'impish', 'jammy'],
  Debian: ['all', 'bookworm', 'bullseye', 'buster', 'etch', 'jessie', 'lenny', 'sid', 'squeeze', 'stretch', 'wheezy'],
  EL: ['all', '5', '6', '7', '8', '9'],
};

/** Versions probed as rejected, for platforms whose whole list is not known here (others pass). */
const REJECTED_VERSIONS: Record<string, string[]> = {
  Fedora: ['38', '39', '40', '41', '42'], FreeBSD: ['13.2', '14.0'], MacOSX: ['12.0', '13.0'], Alpine: ['3.18'],
  GenericLinux: ['any'], GenericUNIX: ['any'], OpenBSD: ['7.3'],
};

/** Platform names probed as unknown to the schema (every version rejected); `Amazon`, `EL`, `macOS` are known. */
const UNKNOWN_PLATFORMS = new Set(['Amazon Linux', 'Archlinux', 'RedHat', 'CentOS', 'Linux', 'Rocky', 'AlmaLinux', 'Kali', 'Raspbian']);

/** The `galaxy_info` keys 6.13's meta schema allows (probed: any other key is an additional property). */
const INFO_KEYS = new Set([
  'author', 'description', 'company', 'license', 'min_ansible_version', 'min_ansible_container_version', 'role_name',
  'namespace', 'issue_tracker_url', 'github_branch', 'standalone', 'galaxy_tags', 'platforms',
]);

/** The galaxy_info keys the schema requires (platforms is only meta-no-info's concern). */
const REQUIRED_INFO = ['author', 'description', 'license', 'min_ansible_version'];
const NAMESPACE = /^[a-z][a-z0-9_]+$/;

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
  const missing = REQUIRED_INFO.find((key) => !(key in info));
  if (missing) return `'${missing}' is a required property`;
  const typed = typeProblem(info);
  if (typed) return typed;
  const version = info.min_ansible_version;
  if (version !== undefined && typeof version !== 'string') return `${version} is not of type 'string'`;
  // The schema's minimum length of a role name (probed: `x` fails, `ab` passes).
  if (typeof info.role_name === 'string' && info.role_name.length < 2) return `'${info.role_name}' is too short`;
  const platforms = Array.isArray(info.platforms) ? (info.platforms as { name?: string; versions?: unknown[] }[]) : [];
  const bad = platforms.find(badPlatform);
  return bad ? `${JSON.stringify(bad)} is not valid under any of the given schemas` : undefined;
}

/** Values of the wrong type or form (probed): a license list, a platforms string, a namespace with capitals. */
function typeProblem(info: Record<string, unknown>): string | undefined {
  if (info.license !== undefined && typeof info.license !== 'string') return `${repr(info.license)} is not of type 'string'`;
  if (info.platforms !== undefined && !Array.isArray(info.platforms)) return `${repr(info.platforms)} is not of type 'array'`;
  const namespace = info.namespace;
  if (typeof namespace === 'string' && !NAMESPACE.test(namespace)) return `'${namespace}' does not match '^\\[a-z]\\[a-z0-9_]+$'`;
  return undefined;
}

/** Python's repr of a loaded value, as jsonschema's messages print it. */
function repr(value: unknown): string {
  return JSON.stringify(value).replace(/"/g, "'").replace(/,/g, ', ');
}

function badPlatform(platform: { name?: string; versions?: unknown[] }): boolean {
  const name = String(platform?.name);
  if (UNKNOWN_PLATFORMS.has(name)) return true;
  // Versions are strings: YAML's unquoted `- 8` is rejected (probed on EL and Fedora).
  if (Array.isArray(platform?.versions) && platform.versions.some((v) => typeof v !== 'string')) return true;
  const versions = Array.isArray(platform?.versions) ? platform.versions.map(String) : [];
  const known = PLATFORM_VERSIONS[name];
  if (known) return versions.some((v) => !known.includes(v));
  return versions.some((v) => REJECTED_VERSIONS[name]?.includes(v));
}

/** 6.13's schema wants every dependency as a mapping (`- role: x`), not a bare name. */
function dependencyProblem(dependencies: unknown): string | undefined {
  if (dependencies !== undefined && dependencies !== null && !Array.isArray(dependencies)) return `${repr(dependencies)} is not of type 'array'`;
  const bad = Array.isArray(dependencies) ? dependencies.find((d) => typeof d !== 'object') : undefined;
  return bad !== undefined ? `'${bad}' is not of type 'object'` : undefined;
}
