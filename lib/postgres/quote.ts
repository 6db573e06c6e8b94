const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Quote an identifier for SQL after checking it; pgcascade never lets an unchecked name reach SQL. */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid identifier: ${JSON.stringify(name.slice(0, 80))}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** A table reference as the topology writes it (`name` in public, or `schema.name`), split into its two parts. */
export function tableParts(ref: string): { schema: string; name: string } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { schema: 'public', name: ref } : { schema: ref.slice(0, dot), name: ref.slice(dot + 1) };
}

/** A schema name in SQL: `public` as PostgreSQL prints it, any other quoted. */
export function quoteSchema(schema: string): string {
  return schema === 'public' ? 'public' : quoteIdent(schema);
}

/** `"schema"."name"` for a topology's table reference. */
export function quoteTable(ref: string): string {
  const { schema, name } = tableParts(ref);
  return `${quoteSchema(schema)}.${quoteIdent(name)}`;
}

/** The one spelling of a table reference: `name` for public tables, `schema.name` otherwise. */
export function normalTableRef(ref: string): string {
  const { schema, name } = tableParts(ref);
  return schema === 'public' ? name : `${schema}.${name}`;
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
