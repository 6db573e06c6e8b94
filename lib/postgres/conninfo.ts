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
