import 'server-only';
import { getDb } from '@/lib/db/client';
import { SESSION_COOKIE, sessionPrincipal, setupRequired, tokenPrincipal } from '@/lib/auth/auth';
import { roleAtLeast, type Principal, type Role } from '@/lib/auth/roles';
import { allowedHosts, hostAllowed, originAllowed } from './allowed-hosts';
import { HttpError } from './http-error';

/** What the checks read of a request: a route's Request, or a server action's headers (always a POST). */
export type RequestLike = Pick<Request, 'headers' | 'method'>;

export function cookieValue(req: RequestLike, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Where a request came from: the socket's address (instrumentation.ts makes x-forwarded-for say so unless a proxy is trusted). */
export function clientAddress(req: RequestLike): string {
  return (req.headers.get('x-forwarded-for') ?? '').split(',')[0]?.trim() || 'unknown';
}

/** A name the panel does not answer to (DNS rebinding, a mistyped proxy) is refused before anything else. */
export function checkHost(req: RequestLike): void {
  const host = req.headers.get('host');
  if (!hostAllowed(host, allowedHosts(process.env))) {
    throw new HttpError(421, [{ path: '', message: `this panel does not answer to the host name ${JSON.stringify(host ?? '')}: add it to PGCASCADE_ALLOWED_HOSTS` }]);
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A browser write must come from the panel's own pages (Origin and Sec-Fetch-Site), never from another site. */
export function checkSameOrigin(req: RequestLike): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers.get('sec-fetch-site') === 'cross-site' || !originAllowed(req.headers.get('origin'), req.headers.get('host'), allowedHosts(process.env))) {
    throw new HttpError(403, [{ path: '', message: 'cross-site request refused: use the panel itself or an API token' }]);
  }
}

/** Who sent the request, or null: a bearer token (which must be valid: 401 otherwise) or a browser session. */
export async function principalOf(req: RequestLike): Promise<Principal | null> {
  const db = await getDb();
  const bearer = /^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  if (bearer) {
    const p = await tokenPrincipal(db, bearer);
    if (!p) throw new HttpError(401, [{ path: '', message: 'the API token is not valid or has expired: create one in Settings or set PGCASCADE_API_TOKEN' }]);
    return p;
  }
  const p = await sessionPrincipal(db, cookieValue(req, SESSION_COOKIE));
  if (p) checkSameOrigin(req);
  return p;
}

/** The principal of a request that must have one (401 otherwise): an allowed Host, then a token or a session. */
export async function identify(req: RequestLike): Promise<Principal> {
  checkHost(req);
  const p = await principalOf(req);
  if (p) return p;
  const first = await setupRequired(await getDb());
  throw new HttpError(401, [{ path: '', message: first ? 'create the first admin first (open the panel in a browser)' : 'log in first, or send Authorization: Bearer <token>' }]);
}

export function requireRole(p: Principal, need: Role): void {
  if (!roleAtLeast(p.role, need)) throw new HttpError(403, [{ path: '', message: `this needs the ${need} role; ${p.name} is ${p.role}` }]);
}

/**
 * The one check every protected endpoint makes: allowed Host, a token or a session (with same-origin writes),
 * then at least `need`. Returns who it is; throws HttpError 421/401/403.
 */
export async function authenticate(req: RequestLike, need: Role): Promise<Principal> {
  const p = await identify(req);
  requireRole(p, need);
  return p;
}
