import { parse } from 'yaml';
import { Profile } from '../../playbooks/lint/lint.types';
import { canonicalRuleId, CONFIG_KEYS, LIST_KEYS } from './config-keys';
import { DEFAULT_KINDS, KindRule, kindRules } from './kinds';

/** The settings of a `.ansible-lint` that change results, merged with the request's options. */
export interface ProjectConfig {
  path?: string;
  /** Why the file was rejected; then ansible-lint exits 3 and lints nothing. */
  error?: string;
  kinds: KindRule[];
  excludePaths: string[];
  skipList: string[];
  warnList: string[];
  enableList: string[];
  profile?: Profile;
  offline: boolean;
  /** Roles the syntax check takes as present (`mock_roles`). */
  mockRoles: string[];
  /** Names of the `extra_vars` ansible-lint passes to the syntax check. */
  extraVars: string[];
}

/** Where ansible-lint looks for its config, in order. */
export const CONFIG_PATHS = ['.ansible-lint', '.config/ansible-lint.yml'];
/** ansible-lint's defaults: always excluded, and reported as warnings. */
// `.github` too: 6.13 counts and lints none of its files (probed).
const DEFAULT_EXCLUDES = ['.cache', '.git', '.github', '.hg', '.svn', '.tox'];
const DEFAULT_WARN = ['experimental', 'jinja[spacing]'];

export function readConfig(texts: Map<string, string>): ProjectConfig {
  const path = CONFIG_PATHS.find((p) => texts.has(p));
  const base: ProjectConfig = { path, kinds: DEFAULT_KINDS, excludePaths: DEFAULT_EXCLUDES, skipList: [], warnList: DEFAULT_WARN, enableList: [], offline: false, mockRoles: [], extraVars: [] };
  if (!path) return base;
  let data: unknown;
  try {
    data = parse(texts.get(path)!) ?? {};
  } catch (error) {
    return { ...base, error: `Invalid configuration file ${path}: ${(error as Error).message.split('\n')[0]}` };
  }
  const problem = schemaProblem(data);
  return problem ? { ...base, error: `Invalid configuration file ${path}. ${problem}` } : applyConfig(base, data as Record<string, unknown>, path);
}

/** The checks of 6.13's config schema that a real config can fail: unknown keys and non-list lists. */
function schemaProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `${JSON.stringify(data)} is not of type 'object'`;
  const unknown = Object.keys(data).filter((key) => !CONFIG_KEYS.has(key));
  if (unknown.length) return `Additional properties are not allowed (${unknown.map((k) => `'${k}'`).join(', ')} ${unknown.length > 1 ? 'were' : 'was'} unexpected)`;
  const record = data as Record<string, unknown>;
  const notList = LIST_KEYS.find((key) => key in record && !(Array.isArray(record[key]) && record[key].every((v) => ['string', 'number'].includes(typeof v))));
  return notList ? `${JSON.stringify(record[notList])} is not of type 'array' (${notList})` : undefined;
}

/**
 * 6.13 resolves `exclude_paths` against the config file's folder: from `.config/ansible-lint.yml`,
 * `molecule/x.yml` means `.config/molecule/x.yml` (and so excludes nothing in the project, as seen
 * in ansible-collection-hardening).
 */
function relativeToConfig(configPath: string, path: string): string {
  const dir = configPath.includes('/') ? configPath.slice(0, configPath.lastIndexOf('/') + 1) : '';
  if (!dir) return path;
  const normal = path.replace(/^\.\//, '');
  return normal.startsWith('../') ? normal.slice(3) : dir + normal;
}

function applyConfig(base: ProjectConfig, data: Record<string, unknown>, configPath: string): ProjectConfig {
  const list = (key: string) => ((data[key] as unknown[] | undefined) ?? []).map((v) => canonicalRuleId(String(v)));
  return {
    ...base,
    kinds: Array.isArray(data.kinds) ? [...kindRules(data.kinds as Record<string, string>[]), ...DEFAULT_KINDS] : base.kinds,
    excludePaths: [...DEFAULT_EXCLUDES, ...((data.exclude_paths as string[] | undefined) ?? []).map((p) => relativeToConfig(configPath, String(p)))],
    skipList: list('skip_list'),
    warnList: [...DEFAULT_WARN, ...list('warn_list')],
    enableList: list('enable_list'),
    profile: typeof data.profile === 'string' ? (data.profile as Profile) : undefined,
    offline: data.offline === true,
    mockRoles: ((data.mock_roles as unknown[] | undefined) ?? []).map(String),
    extraVars: typeof data.extra_vars === 'object' && data.extra_vars !== null ? Object.keys(data.extra_vars) : [],
  };
}
