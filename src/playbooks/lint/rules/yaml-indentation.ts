import { CST, LineCounter } from 'yaml';
import { RawFinding } from '../rule';

/**
 * yamllint's `indentation` rule as ansible-lint configures it (yamllint defaults: `spaces:
 * consistent`, `indent-sequences: true`, `check-multi-line-strings: false`), reported as
 * `yaml[indentation]`. Semantics, learnt from yamllint's documentation and by running it:
 *
 * - Only the first token of a line is checked; comments and the inside of multi-line strings never.
 * - A collection or scalar that starts on the line after its key (or after its `-`) must be indented
 *   by exactly `spaces` more than that key (sequences too: `indent-sequences: true`).
 * - `spaces` is the first such step found in the file. Until it is known, a step of zero or less is
 *   reported as "expected at least <parent + 1>".
 * - Siblings must line up with the first entry of their collection; a wrongly indented collection
 *   is reported once, and its children are then checked against where it really is.
 * - Flow collections over several lines: the content lines up with the first item when that is on
 *   the bracket's line, else it is indented one step from the parent; a closing bracket that starts
 *   a line lines up with the parent.
 */
export function indentationFindings(text: string, cst: readonly CST.Token[], lineCounter: LineCounter): RawFinding[] {
  const checker = new IndentationChecker(text, lineCounter);
  for (const token of cst) if (token.type === 'document' && token.value) checker.root(token.value);
  return checker.findings;
}

type Item = { start: CST.SourceToken[]; key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token };

class IndentationChecker {
  readonly findings: RawFinding[] = [];
  private spaces?: number;

  constructor(private readonly text: string, private readonly lineCounter: LineCounter) {}

  root(node: CST.Token): void {
    const start = startOf(node);
    if (start !== undefined && this.firstOnLine(start)) this.exact(start, 0);
    this.node(node, 0);
  }

  /** Checks inside a node whose own first token was already checked; `parent` is the enclosing indent. */
  private node(node: CST.Token, parent: number): void {
    if (node.type === 'block-map') this.blockMap(node);
    else if (node.type === 'block-seq') this.blockSeq(node);
    else if (node.type === 'flow-collection') this.flow(node, parent);
  }

  private blockMap(map: CST.BlockMap): void {
    let indent: number | undefined;
    for (const item of map.items as Item[]) {
      const start = itemStart(item);
      if (start === undefined) continue;
      if (indent === undefined) indent = this.column(start);
      else if (this.firstOnLine(start)) this.exact(start, indent);
      if (item.value) this.child(item.sep ?? [], item.value, this.column(start));
    }
  }

  private blockSeq(seq: CST.BlockSequence): void {
    let indent: number | undefined;
    for (const item of seq.items as Item[]) {
      const dash = item.start.find((t) => t.type === 'seq-item-ind');
      if (!dash) continue;
      if (indent === undefined) indent = this.column(dash.offset);
      else if (this.firstOnLine(dash.offset)) this.exact(dash.offset, indent);
      if (item.value) this.child([], item.value, this.column(dash.offset));
    }
  }

  /** A value (or sequence entry) of something at column `parent`. */
  private child(props: CST.SourceToken[], value: CST.Token, parent: number): void {
    const ownLine = props.find((t) => (t.type === 'anchor' || t.type === 'tag') && this.firstOnLine(t.offset));
    const start = ownLine?.offset ?? startOf(value);
    if (start !== undefined && this.firstOnLine(start)) this.step(start, parent);
    this.node(value, parent);
  }

  private flow(flow: CST.FlowCollection, parent: number): void {
    const tokens: number[] = [];
    // Offsets of the outer collection's own tokens (nested collections are left alone).
    for (const item of flow.items as Item[]) {
      for (const t of [...item.start, ...(item.sep ?? [])]) if (isContent(t)) tokens.push(t.offset);
      for (const node of [item.key, item.value]) {
        if (!node) continue;
        const start = startOf(node);
        if (start !== undefined) tokens.push(start);
      }
    }
    const first = tokens[0];
    const sameLine = first !== undefined && this.line(first) === this.line(flow.start.offset);
    let indent = sameLine ? this.column(first) : undefined;
    for (const offset of tokens) {
      if (!this.firstOnLine(offset)) continue;
      if (indent === undefined) {
        this.step(offset, parent);
        indent = this.column(offset);
      } else this.exact(offset, indent);
    }
    const close = flow.end.find((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end');
    if (close && this.firstOnLine(close.offset)) this.exact(close.offset, parent);
  }

  /** One indentation step from `parent`; the first step found fixes `spaces`. */
  private step(offset: number, parent: number): void {
    const found = this.column(offset);
    if (this.spaces === undefined) {
      if (found > parent) this.spaces = found - parent;
      else this.report(offset, `Wrong indentation: expected at least ${parent + 1}`);
      return;
    }
    this.exact(offset, parent + this.spaces);
  }

  private exact(offset: number, expected: number): void {
    const found = this.column(offset);
    if (found !== expected) this.report(offset, `Wrong indentation: expected ${expected} but found ${found}`);
  }

  private report(offset: number, message: string): void {
    const { line, col } = this.lineCounter.linePos(offset);
    this.findings.push({ rule: 'yaml[indentation]', line, column: col, message });
  }

  private column(offset: number): number {
    return this.lineCounter.linePos(offset).col - 1;
  }

  private line(offset: number): number {
    return this.lineCounter.linePos(offset).line;
  }

  private firstOnLine(offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === 10) return true;
      if (c !== 32 && c !== 13) return false;
    }
    return true;
  }
}

function isContent(t: CST.SourceToken): boolean {
  return t.type === 'anchor' || t.type === 'tag' || t.type === 'explicit-key-ind' || t.type === 'map-value-ind';
}

/** Where a node's first own token is (its first key, its first `-`, its bracket, its text). */
function startOf(node: CST.Token): number | undefined {
  if (node.type === 'block-map') {
    const item = node.items[0] as Item | undefined;
    return item ? itemStart(item) : undefined;
  }
  if (node.type === 'block-seq') return node.items[0]?.start.find((t) => t.type === 'seq-item-ind')?.offset;
  if (node.type === 'flow-collection') return node.start.offset;
  if (node.type === 'block-scalar') return node.props.find((t) => t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment')?.offset ?? node.offset;
  return 'offset' in node ? node.offset : undefined;
}

function itemStart(item: Item): number | undefined {
  const prop = item.start.find((t) => t.type === 'anchor' || t.type === 'tag' || t.type === 'explicit-key-ind');
  if (prop) return prop.offset;
  if (item.key) return startOf(item.key);
  return item.sep?.find((t) => t.type === 'map-value-ind')?.offset;
}
