import { ProjectRule } from './project-rule';
import { galaxyRule } from './rules/galaxy.rule';
import { metaIncorrectRule } from './rules/meta-incorrect.rule';
import { metaNoInfoRule } from './rules/meta-no-info.rule';
import { metaNoTagsRule } from './rules/meta-no-tags.rule';
import { metaVideoLinksRule } from './rules/meta-video-links.rule';
import { roleNameRule } from './rules/role-name.rule';
import { schemaGalaxyRule } from './rules/schema-galaxy.rule';
import { schemaMetaRule } from './rules/schema-meta.rule';
import { schemaVarsRule } from './rules/schema-vars.rule';
import { varsNamingRule } from './rules/vars-naming.rule';

/** The rules that need a project around the file, in the order their findings are produced. */
export const PROJECT_RULES: readonly ProjectRule[] = [
  schemaMetaRule, schemaVarsRule, schemaGalaxyRule, galaxyRule, metaNoInfoRule, metaIncorrectRule, metaNoTagsRule, metaVideoLinksRule, roleNameRule, varsNamingRule,
];
