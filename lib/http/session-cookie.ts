import 'server-only';
import { cookies, headers } from 'next/headers';
import { SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/auth';

/** Whether the browser reached the panel over HTTPS, directly or through a proxy that says so. */
function overHttps(url: string | null, h: Pick<Headers, 'get'>): boolean {
  return (url !== null && new URL(url).protocol === 'https:') || h.get('x-forwarded-proto') === 'https' || (h.get('origin') ?? '').startsWith('https:');
}

const maxAgeOf = (value: string | null) => (value === null ? 0 : Math.floor(SESSION_TTL_MS / 1000));

/** The session cookie: http-only, same-site, Secure when the panel is served over HTTPS. */
export function sessionCookie(req: Request, value: string | null): string {
  return `${SESSION_COOKIE}=${value ?? ''}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeOf(value)}${overHttps(req.url, req.headers) ? '; Secure' : ''}`;
}

/** The same cookie, set (or cleared, with null) from a server action. */
export async function setSessionCookie(value: string | null): Promise<void> {
  const secure = overHttps(null, await headers());
  (await cookies()).set(SESSION_COOKIE, value ?? '', { path: '/', httpOnly: true, sameSite: 'lax', maxAge: maxAgeOf(value), secure });
}
