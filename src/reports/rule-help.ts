import { baseRule } from './report-subject';

/**
 * ansible-lint's one-line descriptions of the rules Relia reports (from its rule docs), for
 * SARIF's rule help text: GitHub shows it beside every alert of that rule.
 */
const HELP: Record<string, string> = {
  'command-instead-of-module': 'Using command rather than a module.',
  'command-instead-of-shell': 'Use shell only when shell functionality is required.',
  'deprecated-bare-vars': 'Using bare variables is deprecated.',
  fqcn: 'Use FQCN for builtin actions.',
  'internal-error': 'Unexpected internal error.',
  'jinja': 'Rule that looks inside jinja2 templates.',
  'key-order': 'Ensure specific order of keys in mappings.',
  latest: 'Result of the command may vary on subsequent runs.',
  'literal-compare': "Don't compare to literal True/False.",
  'load-failure': 'Failed to load or parse file.',
  name: 'Rule for checking task and play names.',
  'no-changed-when': 'Commands should not change things if nothing needs doing.',
  'no-free-form': 'Rule for detecting discouraged free-form syntax for action modules.',
  'no-handler': 'Tasks that run when changed should likely be handlers.',
  'no-tabs': 'Most files should not contain tabs.',
  'package-latest': 'Package installs should not use latest.',
  'parser-error': 'AnsibleParserError.',
  'partial-become': 'become_user should have a corresponding become at the play or task level.',
  'risky-file-permissions': 'File permissions unset or incorrect.',
  'risky-shell-pipe': 'Shells that use pipes should set the pipefail option.',
  'run-once': 'Run once should use strategy other than free.',
  schema: 'Perform JSON Schema Validation for known lintable kinds.',
  'syntax-check': 'Ansible syntax check failed.',
  'var-naming': 'All variables should be named using only lowercase and underscores.',
  yaml: 'Violations reported by yamllint.',
};

export function ruleHelp(rule: string): string {
  return HELP[baseRule(rule)] ?? `ansible-lint rule ${baseRule(rule)}.`;
}
