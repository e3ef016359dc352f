import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/http';

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="notice empty">{children}</p>;
}

export function Loading({ what }: { what: string }) {
  return <p class="notice" role="status">Loading {what}…</p>;
}

/** An API error as the user should read it: "Not found" for a 404 (whoever owns it), else the detail. */
export function ErrorNotice({ error }: { error: unknown }) {
  const text = error instanceof ApiError && error.status === 404 ? 'Not found' : (error as Error)?.message ?? String(error);
  return <p class="notice error" role="alert">{text}</p>;
}

/** The state of a live stream, announced politely when it changes. */
export function StreamNotice({ state }: { state: string }) {
  if (state === 'live' || state === 'ended') return null;
  const text = state === 'reconnecting' ? 'Connection lost: reconnecting…' : 'Connecting to live updates…';
  return <p class={`notice stream-${state}`} role="status">{text}</p>;
}
