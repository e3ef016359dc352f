/** `{{ var | default('literal') }}`, the one templated role name that renders without facts. */
const DEFAULTED = /^\{\{-?\s*([A-Za-z_]\w*)\s*\|\s*default\(\s*(['"])([^'"]*)\2\s*\)\s*-?\}\}$/;

/**
 * The role name the syntax check looks up: a defaulted variable that no extra var sets renders to
 * its default (a test playbook's `{{ role_name | default('nginx') }}` looks for `nginx`); any other
 * name is returned as written.
 */
export function renderedRoleName(name: string, extraVars?: Set<string>): string {
  const match = DEFAULTED.exec(name.trim());
  return match && !extraVars?.has(match[1]) ? match[3] : name;
}
