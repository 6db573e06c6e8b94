// PostgreSQL 15's reserved key words (appendix C), which must be quoted as names.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation ' +
    'column concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze ' +
    'from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric table tablesample then to trailing true union unique ' +
    'user using variadic verbose when where window with'
  ).split(' '),
);

/**
 * A name as SQL must spell it: bare when PostgreSQL would read it back unchanged, double-quoted otherwise.
 * Unlike quoteIdent in lib/postgres/quote.ts it accepts any name, because these come from PostgreSQL's own messages.
 */
export function sqlName(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A relation as messages print it ("public.test", "My Schema.Order Items") as SQL: split at the first dot,
 * which is right unless the schema name itself has a dot.
 */
export function sqlRelation(relation: string): string {
  const dot = relation.indexOf('.');
  if (dot <= 0) return sqlName(relation);
  return `${sqlName(relation.slice(0, dot))}.${sqlName(relation.slice(dot + 1))}`;
}

const HBA_KEYWORDS = new Set(['all', 'sameuser', 'samerole', 'samegroup', 'replication']);

/** A database or user name for pg_hba.conf: quoted when it has special characters or is one of its key words. */
export function hbaName(name: string): string {
  if (/^[A-Za-z0-9_$-][A-Za-z0-9_.$-]*$/.test(name) && !HBA_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A client address as pg_hba.conf's address column wants it: one host, /32 or /128. */
export function hbaAddress(host: string): string {
  return host.includes(':') ? `${host}/128` : `${host}/32`;
}
