import { EditorState, RangeSetBuilder, StateField } from '@codemirror/state';
import { Decoration, EditorView, lineNumbers, highlightActiveLineGutter, keymap, type DecorationSet } from '@codemirror/view';
import { defaultHighlightStyle, syntaxHighlighting, foldGutter } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';

/**
 * The code view: CodeMirror 6, read-only, with line numbers and YAML highlighting, and the
 * finding's line marked (`data-line` says which, for tests and for styles). Loaded on demand, so
 * the tasks list does not pay for it.
 */
export function mountCodeView(host: HTMLElement, content: string, line: number | undefined, label: string): () => void {
  const marked = line && line >= 1 && line <= Math.max(1, content.split('\n').length) ? line : undefined;
  // In a shadow root, CodeMirror's styles go into a constructed style sheet; in the document
  // they would be a <style> element, which the console's CSP (style-src 'self') refuses.
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  shadow.replaceChildren();
  const parent = shadow.appendChild(document.createElement('div'));
  const view = new EditorView({
    root: shadow,
    parent,
    state: EditorState.create({
      doc: content,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        yaml(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0', 'aria-readonly': 'true' }),
        keymap.of([]),
        highlightedLine(marked),
        theme,
      ],
    }),
  });
  if (marked) {
    const pos = view.state.doc.line(marked).from;
    view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
  }
  return () => view.destroy();
}

/** The look, inside the shadow root (the page's stylesheet does not reach in). */
const theme = EditorView.theme({
  '&': { maxHeight: '70vh', fontSize: '0.9rem', backgroundColor: '#ffffff' },
  '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-gutters': { backgroundColor: '#f6f8fa', color: '#57606a', borderRight: '1px solid #d0d7de' },
  '.cm-finding-line': { backgroundColor: '#fff1b8', boxShadow: 'inset 3px 0 0 #7d4e00' },
});

function highlightedLine(line: number | undefined) {
  return StateField.define<DecorationSet>({
    create(state) {
      const builder = new RangeSetBuilder<Decoration>();
      if (line) {
        const { from } = state.doc.line(line);
        builder.add(from, from, Decoration.line({ attributes: { class: 'cm-finding-line', 'data-line': String(line) } }));
      }
      return builder.finish();
    },
    update: (decorations) => decorations,
    provide: (field) => EditorView.decorations.from(field),
  });
}
