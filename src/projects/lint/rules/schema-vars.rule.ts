import { isMap, isScalar } from 'yaml';
import { ProjectRule } from '../project-rule';

/** The names 6.13's vars schema forbids as variables: Python keywords and play keywords. */
const RESERVED = 'False|None|True|and|any_errors_fatal|as|assert|async|await|become|become_exe|become_flags|become_method|become_user|break|check_mode|class|collections|connection|continue|debugger|def|del|diff|elif|else|environment|except|fact_path|finally|for|force_handlers|from|gather_facts|gather_subset|gather_timeout|global|handlers|hosts|if|ignore_errors|ignore_unreachable|import|in|is|lambda|max_fail_percentage|module_defaults|name|no_log|nonlocal|not|or|order|pass|port|post_tasks|pre_tasks|raise|remote_user|return|roles|run_once|serial|strategy|tags|tasks|throttle|timeout|try|vars|vars_files|vars_prompt|while|with|yield';
const NAME = new RegExp(`^(?!(${RESERVED})$)[a-zA-Z_][\\w]*$`);
// The pattern as 6.13's message prints it (its escaping included).
const PRINTED = `^(?!(${RESERVED})$)\\[a-zA-Z_][\\\\w]*$`;

/** schema[vars]: a top-level name of a vars file that is no identifier, or is reserved. One per file, on line 1. */
export const schemaVarsRule: ProjectRule = {
  id: 'schema',
  profile: 'basic',
  kinds: ['vars'],
  check: ({ source }) => {
    const contents = source.doc?.contents;
    if (!isMap(contents)) return [];
    const bad = contents.items.map(({ key }) => (isScalar(key) ? String(key.value) : undefined)).find((name) => name !== undefined && !NAME.test(name));
    return bad === undefined ? [] : [{ rule: 'schema[vars]', line: 1, message: `'${bad}' does not match any of the regexes: '${PRINTED}'` }];
  },
};
