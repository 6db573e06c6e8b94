import { NextResponse, type NextRequest } from 'next/server';

/**
 * Pages need a session: without the cookie, go to the login page. This only routes the browser; every API
 * request (and `/metrics`, which Prometheus scrapes with a bearer token) is checked for real by the route itself.
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has('pgcascade_session')) return NextResponse.next();
  const login = new URL('/login', request.url);
  if (request.nextUrl.pathname !== '/') login.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!api/|metrics|login|_next/|favicon).*)'],
};
