/** Host names the panel answers to unless told otherwise (any port). */
export const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

// A host name or IPv4 (letters, digits, dots, dashes) or a bracketed IPv6, then an optional port.
const HOST_RE = /^(\[[0-9a-f:.]{2,45}\]|[a-z0-9.-]{1,253})(?::(\d{1,5}))?$/;

/** `Host` / URL authority split into a lower-case name and its port ('' when none); null when malformed. */
export function parseHost(value: string): { name: string; port: string } | null {
  const m = HOST_RE.exec(value.trim().toLowerCase());
  return m?.[1] ? { name: m[1], port: m[2] ?? '' } : null;
}

/**
 * The names the panel answers to: the defaults, the bind address (HOST, unless it is a wildcard) and
 * PGCASCADE_ALLOWED_HOSTS (comma-separated names, any port; `*` allows every name, e.g. behind a proxy that checks).
 */
export function allowedHosts(env: Record<string, string | undefined>): Set<string> | '*' {
  const extra = (env.PGCASCADE_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (extra.includes('*')) return '*';
  const bind = (env.HOST ?? '').trim().toLowerCase();
  const names = [...DEFAULT_HOSTS, ...extra.map((h) => parseHost(h)?.name ?? h)];
  if (bind && bind !== '0.0.0.0' && bind !== '::' && bind !== '[::]') names.push(bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind);
  return new Set(names);
}

export function hostAllowed(host: string | null, allowed: Set<string> | '*'): boolean {
  const parsed = host ? parseHost(host) : null;
  if (!parsed) return false;
  return allowed === '*' || allowed.has(parsed.name);
}

/**
 * A browser write must come from a page of this panel: its Origin's name must be allowed and its port that of
 * the (already allowed) Host. A missing Origin is a non-browser client or a same-origin GET-like navigation.
 */
export function originAllowed(origin: string | null, host: string | null, allowed: Set<string> | '*'): boolean {
  if (origin === null) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes "null": sandboxed frames and file:// pages
  }
  const target = host ? parseHost(host) : null;
  if (!target || !hostAllowed(url.host, allowed)) return false;
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return (url.port || defaultPort) === (target.port || defaultPort);
}
