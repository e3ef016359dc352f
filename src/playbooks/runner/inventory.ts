import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';

/** The one host every play runs against: this machine, through the local connection. */
export const SANDBOX_HOST = 'sandbox';

// Ansible's built-in groups, and patterns that are not names (templates, wildcards, regexes,
// host ranges): these need no group, or cannot have one; `all` still reaches the sandbox host.
const BUILT_IN = new Set(['all', 'ungrouped']);
const NOT_A_NAME = /[{}*?~[\]\s]/;

/** Group names in a host pattern such as `db:&web,!staging`. */
export function patternGroups(pattern: string): string[] {
  if (pattern.includes('{{')) return [];
  return pattern
    .split(/[:,]/)
    .map((part) => part.trim().replace(/^[&!]/, ''))
    .filter((name) => name !== '' && !BUILT_IN.has(name) && !NOT_A_NAME.test(name));
}

/** Every `hosts:` pattern of every play; parts of a playbook that do not parse yield none. */
export function playHostPatterns(content: string): string[] {
  // The node API rather than toJS(): real playbooks have `{{ item }}: …` keys and !vault tags.
  const plays = parseAllDocuments(content).flatMap((doc) => (isSeq(doc.contents) ? doc.contents.items : []));
  return plays.flatMap((play) => {
    const hosts = isMap(play) ? play.get('hosts', true) : undefined;
    const values = isSeq(hosts) ? hosts.items : [hosts];
    return values.flatMap((v) => (isScalar(v) && typeof v.value === 'string' ? [v.value] : []));
  });
}

/**
 * A YAML inventory in which every group the playbook (or `--limit`) names holds the one sandbox
 * host, so `hosts: webservers` is tested exactly like `hosts: all`.
 */
export function sandboxInventory(patterns: string[], python: string): object {
  const groups = [...new Set(patterns.flatMap(patternGroups))].sort();
  const children = Object.fromEntries(groups.map((g) => [g, { hosts: { [SANDBOX_HOST]: null } }]));
  const host = { ansible_connection: 'local', ansible_python_interpreter: python };
  return { all: { hosts: { [SANDBOX_HOST]: host }, children } };
}
