/**
 * Globs as ansible-lint's `kinds` and `exclude_paths` write them (wcmatch with GLOBSTAR and BRACE):
 * `**` spans directories (also none), `*` stays within one, `{a,b}` is either.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) { out += '(?:.*/)?'; i += 2; continue; }
    if (glob.startsWith('**', i)) { out += '.*'; i += 1; continue; }
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{' && glob.indexOf('}', i) > 0) {
      const end = glob.indexOf('}', i);
      out += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
