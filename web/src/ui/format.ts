/** Short, locale-aware times and durations for lists. */
export function time(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '—';
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function between(from: string | null, to: string | null): number | null {
  return from && to ? new Date(to).getTime() - new Date(from).getTime() : null;
}

/** The last 8 hex digits: UUIDv7 ids begin with their timestamp, so their heads look alike. */
export const shortId = (id: string): string => id.slice(-8);
