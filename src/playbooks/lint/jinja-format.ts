/**
 * The Jinja spacing ansible-lint 6.13 recommends (rules/jinja docs: one space inside `{{ }}`,
 * around operators and filter pipes, after commas and dict colons, none inside brackets), by
 * re-spacing the tokens of each `{{ }}` expression (6.13 leaves `{% %}` statements as written).
 * Undefined when an expression is beyond this tokenizer (a line break, an unknown character) or
 * one 6.13 could not render: then nothing is claimed.
 */
export function respacedTemplate(text: string): string | undefined {
  let failed = false;
  const out = text.replace(/\{\{(-?)([\s\S]*?)(-?)\}\}/g, (_whole, dashL: string, inner: string, dashR: string) => {
    const spaced = unrenderable(inner) ? undefined : respacedExpression(inner);
    if (spaced === undefined) failed = true;
    return `{{${dashL} ${spaced ?? inner} ${dashR}}}`;
  });
  return failed ? undefined : out;
}

/**
 * 6.13 renders a template before judging its spacing and says nothing when that fails; with its
 * mock values a numeric attribute (`item.0`, `groups[g].0`) fails (pinned by the project corpus).
 */
function unrenderable(expression: string): boolean {
  return /[\w\])]\.\d/.test(expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''"));
}

/** A bare expression (`when: x|bool`), which 6.13 checks as if it stood in `{{ }}`. */
export function respacedExpression(expression: string): string | undefined {
  if (/[\r\n]/.test(expression)) return undefined;
  const tokens = tokenize(expression.trim());
  return tokens && join(tokens);
}

const TOKEN = /\s+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\d+(?:\.\d+)?|[A-Za-z_]\w*|\*\*|\/\/|==|!=|<=|>=|[-+*/%~<>=|.,:()[\]{}!]/y;

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    if (match[0].trim()) tokens.push(match[0]);
  }
  return tokens;
}

const OPERATORS = new Set(['+', '-', '*', '/', '//', '%', '**', '~', '==', '!=', '<', '>', '<=', '>=', '|', '=', '!']);
const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

function join(tokens: string[]): string {
  const stack: string[] = [];
  let out = '';
  let unary = false;
  tokens.forEach((token, i) => {
    const prev = tokens[i - 1];
    const isUnary = token === '-' && (prev === undefined || OPERATORS.has(prev) || OPENING.has(prev) || prev === ',' || prev === ':');
    out += prev === undefined ? '' : gap(prev, token, stack.at(-1), unary);
    unary = isUnary;
    if (OPENING.has(token)) stack.push(token);
    if (CLOSING.has(token)) stack.pop();
    out += token;
  });
  return out;
}

/** The space between two tokens; `inside` is the innermost open bracket. */
function gap(prev: string, token: string, inside: string | undefined, afterUnary: boolean): string {
  if (afterUnary || CLOSING.has(token) || token === ',' || token === ':' || token === '.' || prev === '.' || OPENING.has(prev)) return '';
  if (prev === ',') return ' ';
  if (prev === ':') return inside === '[' ? '' : ' ';
  if ((token === '=' || prev === '=') && inside === '(') return ''; // keyword argument
  if (token === '(' || token === '[') return OPERATORS.has(prev) || /^[a-z]+$/.test(prev) && KEYWORDS.has(prev) ? ' ' : '';
  return ' ';
}

/** Words after which a bracket opens a literal, not a call or a subscript. */
const KEYWORDS = new Set(['in', 'and', 'or', 'not', 'is', 'if', 'else', 'for', 'return']);
