import { useState } from 'preact/hooks';

/** The test run's options (POST /async/test): check mode, limit, tags, extra vars. */
export interface TestOptionValues {
  check_mode: boolean;
  limit?: string;
  tags?: string[];
  skip_tags?: string[];
  extra_vars?: Record<string, unknown>;
}

const list = (text: string): string[] | undefined => {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
};

/** Calls `onRun` with the options; invalid extra vars (not a JSON object) are reported, not sent. */
export function TestOptions({ onRun, label = 'Test', idPrefix }: { onRun(options: TestOptionValues): void; label?: string; idPrefix: string }) {
  const [check, setCheck] = useState(true);
  const [limit, setLimit] = useState('');
  const [tags, setTags] = useState('');
  const [skip, setSkip] = useState('');
  const [vars, setVars] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: Event) => {
    event.preventDefault();
    let extra: Record<string, unknown> | undefined;
    try {
      extra = vars.trim() ? (JSON.parse(vars) as Record<string, unknown>) : undefined;
      if (extra && (typeof extra !== 'object' || Array.isArray(extra))) throw new Error();
    } catch {
      return setError('Extra vars must be a JSON object, such as {"env": "staging"}');
    }
    setError(undefined);
    onRun({ check_mode: check, limit: limit.trim() || undefined, tags: list(tags), skip_tags: list(skip), extra_vars: extra });
  };
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form class="test-options" onSubmit={submit}>
      <label class="inline"><input type="checkbox" checked={check} onChange={(e) => setCheck((e.target as HTMLInputElement).checked)} /> Check mode (--check --diff)</label>
      <label for={id('limit')}>Limit</label>
      <input id={id('limit')} value={limit} onInput={(e) => setLimit((e.target as HTMLInputElement).value)} placeholder="webservers" />
      <label for={id('tags')}>Tags</label>
      <input id={id('tags')} value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} placeholder="comma separated" />
      <label for={id('skip')}>Skip tags</label>
      <input id={id('skip')} value={skip} onInput={(e) => setSkip((e.target as HTMLInputElement).value)} placeholder="comma separated" />
      <label for={id('vars')}>Extra vars (JSON)</label>
      <textarea id={id('vars')} rows={2} value={vars} onInput={(e) => setVars((e.target as HTMLTextAreaElement).value)} />
      {error && <p class="notice error" role="alert">{error}</p>}
      <button type="submit">{label}</button>
    </form>
  );
}
