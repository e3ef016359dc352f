import { globToRegExp } from './glob';

export interface KindRule { kind: string; glob: string; pattern: RegExp }

/** ansible-lint 6.13's default `kinds` (`ansible-lint -vv` prints them), in order: the first match wins. */
const DEFAULT_KIND_GLOBS: [string, string][] = [
  ['jinja2', '**/*.j2'], ['jinja2', '**/*.j2.*'], ['yaml', '.github/**/*.{yaml,yml}'], ['text', '**/templates/**/*.*'],
  ['execution-environment', '**/execution-environment.yml'], ['ansible-lint-config', '**/.ansible-lint'],
  ['ansible-lint-config', '**/.config/ansible-lint.yml'], ['ansible-navigator-config', '**/ansible-navigator.{yaml,yml}'],
  ['inventory', '**/inventory/**.{yaml,yml}'], ['requirements', '**/meta/requirements.{yaml,yml}'], ['galaxy', '**/galaxy.yml'],
  ['reno', '**/releasenotes/*/*.{yaml,yml}'], ['tasks', '**/tasks/**/*.{yaml,yml}'], ['playbook', '**/playbooks/*.{yml,yaml}'],
  ['playbook', '**/*playbook*.{yml,yaml}'], ['role', '**/roles/*/'], ['handlers', '**/handlers/*.{yaml,yml}'],
  ['vars', '**/{host_vars,group_vars,vars,defaults}/**/*.{yaml,yml}'], ['test-meta', '**/tests/integration/targets/*/meta/main.{yaml,yml}'],
  ['meta', '**/meta/main.{yaml,yml}'], ['meta-runtime', '**/meta/runtime.{yaml,yml}'], ['arg_specs', '**/meta/argument_specs.{yaml,yml}'],
  ['yaml', '.config/molecule/config.{yaml,yml}'], ['requirements', '**/molecule/*/{collections,requirements}.{yaml,yml}'],
  ['yaml', '**/molecule/*/{base,molecule}.{yaml,yml}'], ['requirements', '**/requirements.{yaml,yml}'],
  ['playbook', '**/molecule/*/*.{yaml,yml}'], ['yaml', '**/{.ansible-lint,.yamllint}'], ['changelog', '**/changelogs/changelog.yaml'],
  ['yaml', '**/*.{yaml,yml}'], ['yaml', '**/.*.{yaml,yml}'],
];

export const DEFAULT_KINDS: KindRule[] = kindRules(DEFAULT_KIND_GLOBS.map(([kind, glob]) => ({ [kind]: glob })));

/** A `kinds` list as `.ansible-lint` writes it: `[{playbook: "**\/x/*.yml"}, …]`. */
export function kindRules(entries: Record<string, string>[]): KindRule[] {
  return entries.flatMap((entry) => Object.entries(entry).map(([kind, glob]) => ({ kind, glob, pattern: globToRegExp(glob) })));
}

/** Kinds whose files hold YAML that ansible-lint loads and lints. */
export const YAML_KINDS = new Set([
  'playbook', 'tasks', 'handlers', 'vars', 'meta', 'requirements', 'galaxy', 'yaml', 'ansible-lint-config', 'inventory',
  'execution-environment', 'ansible-navigator-config', 'reno', 'test-meta', 'meta-runtime', 'arg_specs', 'changelog',
]);

/** The kind of a file (or of a directory, written with a trailing `/`), or undefined when none matches. */
export function kindOf(path: string, rules: KindRule[]): string | undefined {
  return rules.find((rule) => rule.pattern.test(path))?.kind;
}
