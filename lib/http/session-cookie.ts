import 'server-only';
import { SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/auth';

/** The session cookie: http-only, same-site, Secure when the panel is served over HTTPS. */
export function sessionCookie(req: Request, value: string | null): string {
  const secure = new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
  const maxAge = value === null ? 0 : Math.floor(SESSION_TTL_MS / 1000);
  return `${SESSION_COOKIE}=${value ?? ''}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}
