import { loginPageFor, loginRedirect } from './auth.utils';
import type { ApiIssue } from './types';

/** A failed API call: the HTTP status and every problem the server reported, each with its field path. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiIssue[],
    readonly body: unknown = undefined,
  ) {
    super(
      errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ') ||
        `request failed (HTTP ${status})`,
    );
    this.name = 'ApiError';
  }
}

function issuesOf(body: unknown): ApiIssue[] {
  const list = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is { path?: unknown; message?: unknown } => typeof e === 'object' && e !== null)
    .map((e) => ({
      path: typeof e.path === 'string' ? e.path : '',
      message: String(e.message ?? 'unknown problem'),
    }));
}

let isLeaving = false;

/** Go to the login page (once, however many queries notice), to come back to this page afterwards. */
export function goToLogin(): void {
  if (typeof window === 'undefined' || isLeaving) return;
  const target = loginPageFor(window.location);
  if (!target) return;
  isLeaving = true;
  window.location.assign(target);
}

/** Send a request and throw an ApiError when the server does not answer with success. */
export async function fetchResponse(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store', ...init });
  } catch {
    throw new ApiError(0, [{ path: '', message: 'the panel did not answer: is it still running?' }]);
  }
  if (res.ok) return res;
  // The session ended (or never was). The auth endpoints' own 401 (a wrong password) is theirs to show.
  if (res.status === 401 && typeof window !== 'undefined' && loginRedirect(url, window.location)) goToLogin();
  const body: unknown = await res.json().catch(() => undefined);
  const issues = issuesOf(body);
  throw new ApiError(
    res.status,
    issues.length ? issues : [{ path: '', message: `request failed (HTTP ${res.status})` }],
    body,
  );
}

/** GET (or send) JSON and parse the answer. */
export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetchResponse(url, init);
  return (await res.json()) as T;
}

/** POST a JSON body (or none) and parse the answer. */
export function postJson<T>(url: string, body?: unknown, method = 'POST'): Promise<T> {
  return fetchJson<T>(url, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The error's problems, whatever was thrown. */
export function issuesFrom(error: unknown): ApiIssue[] {
  if (error instanceof ApiError) return error.errors;
  if (error instanceof Error) return [{ path: '', message: error.message }];
  return [{ path: '', message: 'something went wrong' }];
}

/** Every problem of a failed call in one line, for an alert or an error state. */
export function errorMessage(error: unknown): string {
  return issuesFrom(error)
    .map((i) => i.message)
    .join('; ');
}
