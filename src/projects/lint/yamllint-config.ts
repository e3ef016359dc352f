import { YamlSettings } from '../../playbooks/lint/rule';
import { DEFAULT_YAML_SETTINGS } from '../../playbooks/lint/rules/yaml.rule';
import { ignorePatterns } from '../../playbooks/lint/yamllint-ignore';

/** Where yamllint (and so ansible-lint's yaml rule) finds a project's configuration. */
export const YAMLLINT_PATHS = ['.yamllint', '.yamllint.yaml', '.yamllint.yml'];

/**
 * `extends: default` starts from yamllint's own defaults instead of ansible-lint's (probed: octal
 * values unchecked, 80 columns, `---` required, two spaces before a comment).
 */
const YAMLLINT_DEFAULT: Partial<YamlSettings> = {
  forbidImplicitOctal: false, forbidExplicitOctal: false, lineMax: 80, documentStart: true, commentsMinSpaces: 2, allowLongInlineMappings: false,
};

type RuleConf = Record<string, unknown> | string | boolean | null;

/**
 * ansible-lint's yaml settings, with the rules of the project's `.yamllint` (its loaded value) laid
 * over them: a rule set to `disable` is off, and the options the yaml rule knows take the
 * project's values. Undefined without a (loadable) `.yamllint`.
 */
export function yamlSettingsOf(config: unknown): YamlSettings | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const { rules = {}, extends: base, ignore } = config as { rules?: Record<string, RuleConf>; extends?: unknown; ignore?: unknown };
  const patterns = ignorePatterns(ignore);
  const start = base === 'default' ? YAMLLINT_DEFAULT : {};
  return Object.entries(rules).reduce(applyRule, { ...DEFAULT_YAML_SETTINGS, ...start, ignore: patterns, disabled: new Set<string>() });
}

function applyRule(settings: YamlSettings, [name, conf]: [string, RuleConf]): YamlSettings {
  if (conf === 'disable' || conf === false) return { ...settings, disabled: new Set([...settings.disabled, name]) };
  if (typeof conf !== 'object' || conf === null) return settings;
  const option = <T>(key: string, fallback: T): T => (key in conf ? (conf[key] as T) : fallback);
  if (name === 'truthy') return { ...settings, truthyAllowed: option('allowed-values', settings.truthyAllowed).map(String) };
  if (name === 'line-length') {
    return { ...settings, lineMax: Number(option('max', settings.lineMax)), allowLongInlineMappings: option('allow-non-breakable-inline-mappings', settings.allowLongInlineMappings) };
  }
  if (name === 'colons') return { ...settings, colonsMaxSpacesAfter: Number(option('max-spaces-after', settings.colonsMaxSpacesAfter)) };
  if (name === 'comments') return { ...settings, commentsMinSpaces: Number(option('min-spaces-from-content', settings.commentsMinSpaces)) };
  if (name === 'document-start') return { ...settings, documentStart: option('present', true) };
  if (name === 'empty-lines') return { ...settings, emptyLinesMax: Number(option('max', settings.emptyLinesMax)) };
  if (name === 'octal-values') {
    return { ...settings, forbidImplicitOctal: option('forbid-implicit-octal', true), forbidExplicitOctal: option('forbid-explicit-octal', true) };
  }
  return settings;
}
