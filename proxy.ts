import { NextResponse, type NextRequest } from 'next/server';
import { allowedHosts, hostAllowed } from '@/lib/http/allowed-hosts';

/**
 * Pages answer only to an allowed Host (DNS rebinding), and need a session: without the cookie, go to the login
 * page. This only routes the browser; every API request and server action is checked for real (Host, session or
 * token, role) by the route or the action itself — API paths are not matched here, so their bodies stream to the
 * route instead of being buffered.
 */
export function proxy(request: NextRequest) {
  const host = request.headers.get('host');
  if (!hostAllowed(host, allowedHosts(process.env))) {
    return new NextResponse(`This panel does not answer to the host name ${JSON.stringify(host ?? '')}: add it to PGCASCADE_ALLOWED_HOSTS.\n`, { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (request.nextUrl.pathname === '/login' || request.cookies.has('pgcascade_session')) return NextResponse.next();
  // A server action checks the session and the role itself (lib/http/action.ts) and answers 401 without one.
  if (request.method === 'POST' && request.headers.has('next-action')) return NextResponse.next();
  const login = new URL('/login', request.url);
  if (request.nextUrl.pathname !== '/') login.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!api/|metrics|_next/|favicon).*)'],
};
