import { quoteIdent } from './quote';

/** Sequences owned by columns of the given tables (`$1`: `schema.name` each), with their last value and the column's maximum. */
export const SEQUENCES_BEHIND_SQL = `
SELECT sc.oid::regclass::text AS seq, s.schemaname AS schema, s.sequencename AS name, tn.nspname AS tschema, t.relname AS tbl, a.attname AS col, coalesce(s.last_value, 0)::text AS last,
       coalesce(((xpath('/row/m/text()', query_to_xml(format('SELECT max(%I) AS m FROM %I.%I', a.attname, tn.nspname, t.relname), false, true, '')))[1]::text)::numeric, 0)::text AS max
  FROM pg_depend d
  JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = sc.relnamespace
  JOIN pg_sequences s ON s.schemaname = sn.nspname AND s.sequencename = sc.relname
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
 WHERE d.deptype IN ('a', 'i') AND tn.nspname || '.' || t.relname = ANY ($1)
 ORDER BY 1`;

export interface SequenceRow extends Record<string, unknown> {
  seq: string;
  schema: string;
  name: string;
  /** The table's schema. */
  tschema: string;
  tbl: string;
  col: string;
  last: string;
  max: string;
}

export interface SequenceBehind {
  sequence: string;
  table: string;
  column: string;
  lastValue: number;
  maxValue: number;
  fix: string;
}

/** The sequences behind their column's data (not replicated by logical replication), with the setval that fixes each. */
export function sequencesBehind(rows: SequenceRow[]): SequenceBehind[] {
  return rows
    .filter((r) => Number(r.max) > Number(r.last))
    .map((r) => ({
      sequence: r.seq,
      table: `${r.tschema}.${r.tbl}`,
      column: r.col,
      lastValue: Number(r.last),
      maxValue: Number(r.max),
      fix: `SELECT setval('${r.seq.replace(/'/g, "''")}', (SELECT max(${quoteIdent(r.col)}) FROM ${quoteIdent(r.tschema)}.${quoteIdent(r.tbl)}))`,
    }));
}

/** Where a takeover's setval took its base from: the publisher's last value, or the new node's own column maximum. */
export interface SequenceTarget {
  sequence: string;
  schema: string;
  name: string;
  /** The publisher's last value (null: its publisher did not answer, or does not have the sequence). */
  publisherValue: number | null;
  maxValue: number;
  currentValue: number;
  value: number;
}

/**
 * After a takeover, each sequence of the new node's replicated tables: max(publisher's last value, the column's
 * maximum on the new node) + margin. Only the ones that this moves forward (never backwards).
 */
export function takeoverTargets(mine: SequenceRow[], publishers: SequenceRow[], margin: number): SequenceTarget[] {
  const theirs = new Map(publishers.map((r) => [`${r.schema}.${r.name}`, Number(r.last)]));
  return mine.flatMap((r) => {
    const publisherValue = theirs.get(`${r.schema}.${r.name}`) ?? null;
    const maxValue = Number(r.max);
    const currentValue = Number(r.last);
    const value = Math.max(publisherValue ?? 0, maxValue) + margin;
    if (currentValue >= value) return [];
    return [{ sequence: r.seq, schema: r.schema, name: r.name, publisherValue, maxValue, currentValue, value }];
  });
}
