const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Quote an identifier for SQL after checking it; pgcascade never lets an unchecked name reach SQL. */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid identifier: ${JSON.stringify(name.slice(0, 80))}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal (standard_conforming_strings is on since 9.1). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a literal cannot contain NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Quote a value inside a libpq connection string (`key='value'`). */
export function quoteConninfoValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Quote one word for a POSIX shell. */
export function quoteShell(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
