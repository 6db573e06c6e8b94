/** Where the login page may send the browser afterwards: a same-site path, never the login page itself. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters (a tab or newline inside `//`) would let a URL parser read a host.
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://panel.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://panel.invalid') return '/';
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page for someone on `location`, coming back there afterwards; null on the login page itself. */
export function loginPageFor(location: { pathname: string; search: string }): string | null {
  if (location.pathname === '/login') return null;
  const here = `${location.pathname}${location.search}`;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/**
 * Where a 401 from `apiUrl` should send the browser: the login page with the current page as `next`.
 * null when there is nothing to do: the auth endpoints answer 401 for a wrong password, and the
 * login page itself must not redirect to itself.
 */
export function loginRedirect(apiUrl: string, location: { pathname: string; search: string }): string | null {
  const path = new URL(apiUrl, 'http://panel.invalid').pathname;
  if (path.startsWith('/api/auth/')) return null;
  return loginPageFor(location);
}
