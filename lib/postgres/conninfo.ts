/**
 * A libpq key=value connection string as a map: values may be single-quoted with backslash escapes
 * (`password='a b\'c'`). The last occurrence of a key wins, as in libpq.
 */
export function parseConninfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  while (i < text.length) {
    skipSpace();
    const keyStart = i;
    while (i < text.length && /\w/.test(text[i] as string)) i++;
    const key = text.slice(keyStart, i);
    skipSpace();
    if (!key || text[i] !== '=') break;
    i++;
    skipSpace();
    let value = '';
    if (text[i] === "'") {
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      i++;
    } else {
      while (i < text.length && !/\s/.test(text[i] as string)) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
    }
    out[key] = value;
  }
  return out;
}

/** The value of the last `name = '…'` line of a postgresql.conf-style file (postgresql.auto.conf), unquoted. */
export function lastConfValue(file: string, name: string): string | null {
  let value: string | null = null;
  for (const line of file.split('\n')) {
    const m = new RegExp(`^\\s*${name}\\s*=\\s*(?:'((?:[^']|'')*)'|(\\S+))`).exec(line);
    if (m) value = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? null);
  }
  return value;
}

/** What every peer connection adds when the cluster talks TLS: the server's certificate checked against the cluster's CA, name included. */
export function tlsConninfo(caFile: string): { sslmode: 'verify-full'; sslrootcert: string } {
  return { sslmode: 'verify-full', sslrootcert: caFile };
}

/** Whether a connection string asks for TLS (a server without it is refused). */
export function requiresTls(c: Record<string, string>): boolean {
  return ['require', 'verify-ca', 'verify-full'].includes(c.sslmode ?? '');
}

/** Why a parsed connection string does not verify the server as `tls` wants (null: it does); `tls` null wants plain. */
export function tlsDifference(c: Record<string, string>, tls: { caFile: string } | null | undefined): string | null {
  if (!tls) return requiresTls(c) ? `requires TLS (sslmode=${c.sslmode}), but the cluster's nodes no longer serve it` : null;
  if (c.sslmode !== 'verify-full') return `connects with sslmode=${c.sslmode ?? 'prefer'}, should verify the server (sslmode=verify-full)`;
  if (c.sslrootcert !== tls.caFile) return `trusts ${c.sslrootcert ?? 'the default root certificates'}, should trust the cluster's CA (${tls.caFile})`;
  return null;
}

/** A field of a libpq password file: `:` and `\` escaped. */
const passfileField = (v: string) => v.replace(/[\\:]/g, (ch) => `\\${ch}`);

/**
 * One `host:port:database:user:password` line of a libpq password file (any database: replication included). The
 * password is not escaped: it may be a `{{secret:…}}` placeholder, and generated passwords are letters and digits.
 */
export function passfileLine(host: string, port: number, user: string, password: string): string {
  return `${[host, String(port), '*', user].map(passfileField).join(':')}:${password}\n`;
}
