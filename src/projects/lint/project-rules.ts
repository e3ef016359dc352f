import { ProjectRule } from './project-rule';
import { metaNoInfoRule } from './rules/meta-no-info.rule';
import { roleNameRule } from './rules/role-name.rule';
import { schemaMetaRule } from './rules/schema-meta.rule';

/** The rules that need a project around the file, in the order their findings are produced. */
export const PROJECT_RULES: readonly ProjectRule[] = [schemaMetaRule, metaNoInfoRule, roleNameRule];
