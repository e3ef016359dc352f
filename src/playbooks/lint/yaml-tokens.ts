import { CST, Lexer } from 'yaml';

export interface Token {
  type: string;
  source: string;
  offset: number;
}

/**
 * The lexer's tokens with their source offsets. Its control tokens (document, scalar and
 * flow-error markers) take no room in the source, so they are dropped; the text of a scalar
 * follows its marker as a token of type `scalar-source`. Lexes the text again: prefer
 * `tokensOfCst` when the CST is at hand.
 */
export function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  for (const source of new Lexer().lex(text)) {
    const type = CST.tokenType(source) ?? 'scalar-source';
    if (type === 'doc-mode' || type === 'scalar' || type === 'flow-error-end') continue;
    tokens.push({ type, source, offset });
    offset += source.length;
  }
  return tokens;
}

/** The same tokens as `tokensOf`, read from the CST the document was parsed from (no second lex). */
export function tokensOfCst(cst: readonly CST.Token[]): Token[] {
  const out: Token[] = [];
  for (const token of cst) emit(token, out);
  return out;
}

type Item = { start: CST.SourceToken[]; key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token };

function emitAll(tokens: readonly CST.Token[] | undefined, out: Token[]): void {
  if (tokens) for (const token of tokens) emit(token, out);
}

function emitItem(item: Item, out: Token[]): void {
  emitAll(item.start, out);
  if (item.key) emit(item.key, out);
  emitAll(item.sep, out);
  if (item.value) emit(item.value, out);
}

function emit(token: CST.Token, out: Token[]): void {
  switch (token.type) {
    case 'document':
      emitAll(token.start, out);
      if (token.value) emit(token.value, out);
      emitAll(token.end, out);
      return;
    case 'doc-end':
      out.push({ type: 'doc-end', source: token.source, offset: token.offset });
      emitAll(token.end, out);
      return;
    case 'block-map':
    case 'block-seq':
      for (const item of token.items as Item[]) emitItem(item, out);
      return;
    case 'flow-collection':
      emit(token.start, out);
      for (const item of token.items as Item[]) emitItem(item, out);
      emitAll(token.end, out);
      return;
    case 'block-scalar':
      emitAll(token.props, out);
      out.push({ type: sourceType(token.source), source: token.source, offset: bodyOffset(token) });
      return;
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      out.push({ type: sourceType(token.source), source: token.source, offset: token.offset });
      emitAll(token.end, out);
      return;
    case 'doc-mode':
    case 'flow-error-end':
      return;
    default:
      out.push(token); // a SourceToken already has the shape: no copy
  }
}

/** Labelled as the lexer's stream labels it (a block scalar's body starting with spaces is `space`). */
function sourceType(source: string): string {
  return CST.tokenType(source) ?? 'scalar-source';
}

/** A block scalar's body starts after its header line (its props). */
function bodyOffset(token: CST.BlockScalar): number {
  const last = token.props.at(-1);
  return last && 'source' in last ? last.offset + last.source.length : token.offset;
}
