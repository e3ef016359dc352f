import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/tasks/…`): the console is one page at `/`, so its own paths never meet the
 * API's (`/tasks/…` is the API), and the server needs no fallback route.
 */
export interface Route {
  parts: string[];
  params: URLSearchParams;
}

export function parseRoute(hash = location.hash): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute);
  useEffect(() => {
    const update = () => setRoute(parseRoute());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const href = (...parts: string[]): string => `#/${parts.map(encodeURIComponent).join('/')}`;

export function navigate(to: string): void {
  location.hash = to.replace(/^#/, '');
}
