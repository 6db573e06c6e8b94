import type pg from 'pg';
import { quoteIdent } from '@/lib/postgres/quote';

export interface TableResync {
  table: string;
  /** Rows on the publisher that the subscriber lacked, or held with other values, re-copied; rows it had extra, removed. */
  missing: number;
  changed: number;
  removed: number;
  /** The keys concerned, as ranges ("5-9") for one integer column, else the first keys. */
  keys: string[];
  note?: string;
}

const BATCH = 1000;

async function primaryKey(target: pg.Client, table: string): Promise<string[]> {
  const r = await target.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [`public.${quoteIdent(table)}`],
  );
  return r.rows.map((row) => row.attname);
}

async function fingerprints(c: pg.Client, table: string, key: string): Promise<Map<string, string>> {
  const r = await c.query<{ k: string; h: string }>(
    `SELECT json_build_array(${key})::text AS k, md5(t::text) AS h FROM public.${quoteIdent(table)} t`,
  );
  return new Map(r.rows.map((row) => [row.k, row.h]));
}

/** "1-4, 7" for single integer keys; otherwise the first 20 keys as they are. */
export function keyRanges(keys: string[]): string[] {
  const ints = keys.map((k) => /^\[(-?\d+)\]$/.exec(k)?.[1]).map((v) => (v === undefined ? NaN : Number(v)));
  if (ints.some((n) => !Number.isSafeInteger(n))) return keys.slice(0, 20);
  const sorted = [...ints].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out;
}

/**
 * Make the subscriber's copy of a table equal to the publisher's rows as `source` sees them (a transaction on an
 * imported snapshot): compare every row by primary key and md5 of the row, re-copy what is missing or differs,
 * remove what the publisher no longer has. `target` runs as the apply worker would (session_replication_role = replica).
 */
export async function resyncTable(source: pg.Client, target: pg.Client, table: string): Promise<TableResync> {
  const pk = await primaryKey(target, table);
  if (pk.length === 0)
    return {
      table,
      missing: 0,
      changed: 0,
      removed: 0,
      keys: [],
      note: 'no primary key: rows cannot be matched, not compared',
    };
  const key = pk.map((c) => `t.${quoteIdent(c)}`).join(', ');
  const [want, have] = await Promise.all([
    fingerprints(source, table, key),
    fingerprints(target, table, key),
  ]);
  const missing = [...want.keys()].filter((k) => !have.has(k));
  const changed = [...want.keys()].filter((k) => have.has(k) && have.get(k) !== want.get(k));
  const removed = [...have.keys()].filter((k) => !want.has(k));
  const t = `public.${quoteIdent(table)}`;
  const columns = (
    await target.query<{ attname: string }>(
      `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [t],
    )
  ).rows.map((r) => r.attname);
  const others = columns.filter((c) => !pk.includes(c));
  const onConflict =
    others.length > 0
      ? `DO UPDATE SET ${others.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ')}`
      : 'DO NOTHING';
  const copy = [...missing, ...changed];
  for (let i = 0; i < copy.length; i += BATCH) {
    const batch = copy.slice(i, i + BATCH);
    const rows = await source.query<{ rows: unknown }>(
      `SELECT json_agg(t) AS rows FROM ${t} t WHERE json_build_array(${key})::text = ANY ($1)`,
      [batch],
    );
    await target.query(
      `INSERT INTO ${t} SELECT * FROM json_populate_recordset(NULL::${t}, $1) ON CONFLICT (${pk.map(quoteIdent).join(', ')}) ${onConflict}`,
      [JSON.stringify(rows.rows[0]?.rows ?? [])],
    );
  }
  for (let i = 0; i < removed.length; i += BATCH) {
    await target.query(`DELETE FROM ${t} t WHERE json_build_array(${key})::text = ANY ($1)`, [
      removed.slice(i, i + BATCH),
    ]);
  }
  return {
    table,
    missing: missing.length,
    changed: changed.length,
    removed: removed.length,
    keys: keyRanges([...copy, ...removed]),
  };
}
