/** The top-level keys ansible-lint 6.13's config schema allows (checked one by one against 6.13). */
export const CONFIG_KEYS = new Set([
  'display_relative_path', 'enable_list', 'exclude_paths', 'extra_vars', 'kinds', 'loop_var_prefix', 'var_naming_pattern',
  'mock_modules', 'mock_roles', 'offline', 'only_builtins_allow_collections', 'only_builtins_allow_modules', 'parseable',
  'profile', 'progressive', 'quiet', 'rules', 'rulesdir', 'sarif_file', 'skip_action_validation', 'skip_list', 'strict',
  'tags', 'task_name_prefix', 'use_default_rules', 'verbosity', 'warn_list', 'write_list',
]);

/** Keys whose value must be a list of strings. */
export const LIST_KEYS = ['enable_list', 'exclude_paths', 'mock_modules', 'mock_roles', 'skip_list', 'warn_list', 'tags', 'rulesdir', 'write_list'];

/**
 * Rule ids older configs use, and what 6.13 understands by them (verified for `106` and `303`):
 * the numbers of ansible-lint 4 and the names 6.x renamed.
 */
export const OLD_RULE_IDS: Record<string, string> = {
  '102': 'no-jinja-when', '104': 'deprecated-bare-vars', '105': 'deprecated-module', '106': 'role-name',
  '201': 'yaml[trailing-spaces]', '202': 'risky-octal', '203': 'no-tabs', '204': 'yaml[line-length]', '206': 'jinja[spacing]',
  '208': 'risky-file-permissions', '301': 'no-changed-when', '302': 'deprecated-command-syntax', '303': 'command-instead-of-module',
  '304': 'inline-env-var', '305': 'command-instead-of-shell', '306': 'risky-shell-pipe', '401': 'latest[git]', '402': 'latest[hg]',
  '403': 'package-latest', '404': 'no-relative-paths', '501': 'partial-become', '502': 'name[missing]', '503': 'no-handler',
  '504': 'deprecated-local-action', '505': 'missing-import', '601': 'literal-compare', '602': 'empty-string-compare',
  '701': 'meta-no-info', '702': 'meta-no-tags', '703': 'meta-incorrect', '704': 'meta-video-links',
  'fqcn-builtins': 'fqcn[action-core]', 'unnamed-task': 'name[missing]', 'var-spacing': 'jinja[spacing]',
  'git-latest': 'latest[git]', 'hg-latest': 'latest[hg]', 'no-jinja-nesting': 'jinja[invalid]',
};

/** The id 6.13 means by a skip/warn list entry. */
export function canonicalRuleId(entry: string): string {
  return OLD_RULE_IDS[entry] ?? entry;
}
