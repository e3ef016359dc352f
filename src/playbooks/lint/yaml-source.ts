import { Composer, CST, Document, LineCounter, Parser, Tags } from 'yaml';

/** A parsed playbook: the YAML document with positions, or why it could not be loaded. */
export interface YamlSource {
  text: string;
  lines: string[];
  doc?: Document;
  lineCounter: LineCounter;
  /** The concrete syntax tree the document was composed from (token-level rules read it). */
  cst: CST.Token[];
  /** Set when the YAML cannot be loaded the way ansible would load it. */
  failure?: 'load' | 'multi-document';
}

/** Far below what a stack overflows at, far above any real playbook (the corpus peaks near 12). */
const MAX_DEPTH = 200;
/** PyYAML has no alias limit; this only stops "billion laughs" expansions. */
const MAX_ALIASES = 1000;

// ansible's own tags: kept as plain strings, which is all the rules need.
const ansibleTags: Tags = ['!vault', '!unsafe', '!encrypted/pkcs1-oaep'].map((tag) => ({
  tag,
  resolve: (value: string) => value,
}));

export function loadYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const cst: CST.Token[] = [];
  const base = { text, lines: text.split(/\r?\n/), lineCounter, cst };
  if (nestingDepth(text) > MAX_DEPTH) return { ...base, failure: 'load' };
  try {
    // parseAllDocuments, but keeping the CST so that token rules need not lex the text again.
    for (const token of new Parser(lineCounter.addNewLine).parse(text)) cst.push(token);
    const composer = new Composer({ version: '1.1', uniqueKeys: false, customTags: ansibleTags });
    const docs = Array.from(composer.compose(cst, true, text.length));
    if (docs.length === 0) return base; // empty stream: the syntax check names it
    if (docs.length > 1) return { ...base, failure: 'multi-document' };
    const [doc] = docs;
    if (doc.errors.some((error) => !pyyamlAccepts(error))) return { ...base, failure: 'load' };
    const { alias, collectionKey } = scan(cst);
    // PyYAML cannot hash a mapping or a list used as a key (`port: {{ item }}` unquoted is one).
    if (collectionKey) return { ...base, failure: 'load' };
    // Throws on alias bombs before any rule expands them. Converting the whole document costs
    // time, so only when there is an alias at all.
    if (alias) doc.toJS({ maxAliasCount: MAX_ALIASES });
    return { ...base, doc };
  } catch {
    // RangeError (stack) or ReferenceError (alias count): either way ansible could not load it.
    return { ...base, failure: 'load' };
  }
}

/** PyYAML takes a `#` right after a quoted scalar (`"x"# note`) as a comment; the yaml package does not. */
function pyyamlAccepts(error: { code: string; message: string }): boolean {
  return error.code === 'MISSING_CHAR' && error.message.startsWith('Comments must be separated');
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** One walk over the CST: is there an alias, is there a collection used as a mapping key? */
function scan(cst: CST.Token[]): { alias: boolean; collectionKey: boolean } {
  const found = { alias: false, collectionKey: false };
  for (const token of cst) {
    if (token.type !== 'document') continue;
    CST.visit(token, ({ key, value }) => {
      if (value?.type === 'alias' || key?.type === 'alias') found.alias = true;
      if (key && COLLECTIONS.has(key.type)) found.collectionKey = true;
      return found.collectionKey ? CST.visit.BREAK : undefined;
    });
  }
  return found;
}

/**
 * A cheap upper bound of the nesting depth (open flow brackets, or block indentation in steps of
 * two columns), so that pathological input is rejected before the recursive composer sees it.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth); // [ {
    else if (c === 93 || c === 125) depth = Math.max(0, depth - 1); // ] }
  }
  return Math.max(max, blockDepth(text));
}

function blockDepth(text: string): number {
  let max = 0;
  for (const match of text.matchAll(/^[ -]+/gm)) max = Math.max(max, match[0].length >> 1);
  return max;
}
