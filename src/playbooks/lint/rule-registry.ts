import { Rule } from './rule';
import { commandInsteadOfModuleRule } from './rules/command-instead-of-module.rule';
import { commandInsteadOfShellRule } from './rules/command-instead-of-shell.rule';
import { deprecatedBareVarsRule } from './rules/deprecated-bare-vars.rule';
import { deprecatedModuleRule } from './rules/deprecated-module.rule';
import { fqcnRule } from './rules/fqcn.rule';
import { ignoreErrorsRule } from './rules/ignore-errors.rule';
import { jinjaRule } from './rules/jinja.rule';
import { keyOrderRule } from './rules/key-order.rule';
import { nameRule } from './rules/name.rule';
import { noChangedWhenRule } from './rules/no-changed-when.rule';
import { noFreeFormRule } from './rules/no-free-form.rule';
import { packageLatestRule } from './rules/package-latest.rule';
import { latestRule } from './rules/latest.rule';
import { literalCompareRule } from './rules/literal-compare.rule';
import { noHandlerRule } from './rules/no-handler.rule';
import { noRelativePathsRule } from './rules/no-relative-paths.rule';
import { noTabsRule } from './rules/no-tabs.rule';
import { partialBecomeRule } from './rules/partial-become.rule';
import { riskyFilePermissionsRule } from './rules/risky-file-permissions.rule';
import { riskyOctalRule } from './rules/risky-octal.rule';
import { riskyShellPipeRule } from './rules/risky-shell-pipe.rule';
import { runOnceRule } from './rules/run-once.rule';
import { schemaRule } from './rules/schema.rule';
import { varNamingRule } from './rules/var-naming.rule';
import { yamlRule } from './rules/yaml.rule';

/** Every built-in rule, in the order their findings are produced. */
export const RULES: readonly Rule[] = [
  schemaRule,
  fqcnRule,
  noChangedWhenRule,
  commandInsteadOfModuleRule,
  commandInsteadOfShellRule,
  nameRule,
  noFreeFormRule,
  riskyFilePermissionsRule,
  packageLatestRule,
  keyOrderRule,
  noTabsRule,
  deprecatedBareVarsRule,
  partialBecomeRule,
  riskyShellPipeRule,
  noHandlerRule,
  latestRule,
  literalCompareRule,
  varNamingRule,
  runOnceRule,
  ignoreErrorsRule,
  deprecatedModuleRule,
  noRelativePathsRule,
  jinjaRule,
  riskyOctalRule,
  yamlRule,
];
