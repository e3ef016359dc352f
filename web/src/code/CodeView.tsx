import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNotice, Loading } from '../ui/Notice';

/** A file's content in the code view, the given line highlighted. CodeMirror is loaded on first use. */
export function CodeView({ content, line, path }: { content: string; line?: number; path: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<unknown>();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let unmount: (() => void) | undefined;
    let live = true;
    import('./codemirror').then(({ mountCodeView }) => {
      if (!live || !host.current) return;
      unmount = mountCodeView(host.current, content, line, `${path}, read-only`);
      setReady(true);
    }, setError);
    return () => ((live = false), unmount?.());
  }, [content, line, path]);
  return (
    <figure class="code-view" aria-label={`File ${path}`}>
      <figcaption><span class="mono">{path}</span>{line ? ` — line ${line}` : ''}</figcaption>
      {error ? <ErrorNotice error={error} /> : null}
      {!ready && !error && <Loading what="the code view" />}
      <div ref={host} class="code-host" data-path={path} />
    </figure>
  );
}
