import { CST, Lexer } from 'yaml';

export interface Token {
  type: string;
  source: string;
  offset: number;
}

/**
 * The lexer's tokens with their source offsets. Its control tokens (document, scalar and
 * flow-error markers) take no room in the source, so they are dropped; the text of a scalar
 * follows its marker as a token of type `scalar-source`.
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
