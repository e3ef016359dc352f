import { currentSession, endSession } from '../auth/session';

/** An API error as problem+json describes it: the status and the stable `code`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Every API call: the bearer token from the session, JSON both ways, problem+json into ApiError.
 * A 401 ends the session, which takes the user back to sign-in.
 */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const response = await send(path, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The same, for a file's bytes as text. */
export async function apiText(path: string): Promise<string> {
  return (await send(path, {})).text();
}

async function send(path: string, init: RequestInit & { json?: unknown }): Promise<Response> {
  const headers = new Headers(init.headers);
  const session = currentSession();
  if (session) headers.set('authorization', `Bearer ${session.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, body });
  } catch {
    throw new ApiError(0, 'network', 'Relia cannot be reached: check your connection');
  }
  if (response.ok) return response;
  throw await toError(response);
}

async function toError(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
  if (response.status === 401) endSession('Your session has expired or was refused: sign in again');
  const message = response.status === 404 ? 'Not found' : (problem.detail ?? response.statusText);
  return new ApiError(response.status, problem.code ?? 'error', message);
}

/** Query strings from an object, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
