/**
 * The signed-in session: the access token in sessionStorage (this tab only, gone when it
 * closes), never in a URL, a cookie or a log. Sign-out and a 401 clear it.
 */
const KEY = 'relia.session';

export interface Session {
  token: string;
  /** Epoch ms; the console signs out a little before, rather than fail a request. */
  expiresAt: number;
  /** 'sso' or 'development', shown beside the user. */
  kind: 'sso' | 'development';
}

type Listener = (session: Session | null, reason?: string) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function startSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  listeners.forEach((l) => l(session));
}

/** `reason` is shown on the sign-in page ("Your session expired"). */
export function endSession(reason?: string): void {
  sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l(null, reason));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
