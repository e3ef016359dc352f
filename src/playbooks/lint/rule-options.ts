/**
 * skip_list/warn_list entries match like ansible-lint's: `yaml` matches every `yaml[...]`,
 * `yaml[truthy]` only itself.
 */
export function listMatches(list: string[] | undefined, ruleId: string): boolean {
  const base = ruleId.replace(/\[.*$/, '');
  return (list ?? []).some((entry) => entry === ruleId || entry === base);
}

/** ansible-lint's documentation page of a rule (sub-ids share their base rule's page). */
export function ruleUrl(ruleId: string): string {
  return `https://ansible.readthedocs.io/projects/lint/rules/${ruleId.replace(/\[.*$/, '')}/`;
}
