import { MapView } from '../playbook-model';
import { RawFinding, Rule } from '../rule';

/** Lookups whose string terms are literals, not variables (6.13 leaves them alone). */
const LITERAL_STRING_LOOKUPS = new Set(['fileglob', 'sequence', 'ini', 'inventory_hostnames']);

/**
 * deprecated-bare-vars, pinned by running 6.13 on examples:
 * - a string loop value without `{{`/`{%` is a bare variable for every `with_<lookup>` except the
 *   literal-string lookups above (`with_file: a`, `with_env: HOME`, `with_dict: a` are reported);
 * - a list is fine for the builtin lookups, except `with_nested` with a plain string element;
 *   a collection lookup with a list (`with_community.general.filetree: [...]`) is reported with the
 *   list printed as Python prints it.
 */
export const deprecatedBareVarsRule: Rule = {
  id: 'deprecated-bare-vars',
  profile: 'basic',
  check: ({ model }) => model.tasks.flatMap(({ view }) => view.keys.filter((key) => key.startsWith('with_')).flatMap((key) => finding(view, key))),
};

function finding(view: MapView, key: string): RawFinding[] {
  const lookup = key.slice('with_'.length).replace(/^ansible\.(builtin|legacy)\./, '');
  const value = view.get(key);
  let bare: string | undefined;
  if (typeof value === 'string') {
    if (!LITERAL_STRING_LOOKUPS.has(lookup) && !isTemplated(value)) bare = value;
  } else if (Array.isArray(value)) {
    const nestedBare = lookup === 'nested' && value.some((item) => typeof item === 'string' && !isTemplated(item));
    if (nestedBare || lookup.includes('.')) bare = pythonRepr(value);
  }
  if (bare === undefined) return [];
  return [{
    rule: 'deprecated-bare-vars',
    line: view.line,
    message: `Possible bare variable '${bare}' used in a '${key}' loop. You should use the full variable syntax ('{{ ${bare} }}') or convert it to a list if that is not really a variable.`,
  }];
}

function isTemplated(value: string): boolean {
  return /\{\{|\{%/.test(value);
}

function pythonRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value === true || value === false) return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  return String(value);
}
