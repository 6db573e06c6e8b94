/**
 * The initial copy of a subscription, per table: the SQL beside its parser, and the pure math of throughput and ETA.
 * On the subscriber, pg_subscription_rel says each table's state and pg_stat_progress_copy (PostgreSQL 14+) what its
 * table-sync worker's COPY has done; the publisher says how big each table is.
 */

/** `$1`: subscription names. `progress`: whether pg_stat_progress_copy exists (PostgreSQL 14+). */
export function subscriberCopySql(progress: boolean): string {
  return `
SELECT s.subname AS subscription, format('%s.%s', n.nspname, c.relname) AS "table", r.srsubstate::text AS state,
       pg_table_size(c.oid) AS bytes_here,
       ${progress ? 'p.bytes_processed, p.tuples_processed' : 'NULL::bigint AS bytes_processed, NULL::bigint AS tuples_processed'}
  FROM pg_subscription s
  JOIN pg_subscription_rel r ON r.srsubid = s.oid
  JOIN pg_class c ON c.oid = r.srrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  ${progress ? 'LEFT JOIN pg_stat_progress_copy p ON p.relid = c.oid AND p.datname = current_database()' : ''}
 WHERE s.subname = ANY($1) AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
 ORDER BY 1, 2`;
}

/** On the publisher, each table's size and row estimate. `$1`: `schema.table` names. */
export const PUBLISHER_SIZES_SQL = `
SELECT x AS "table", pg_table_size(c.oid) AS bytes, greatest(c.reltuples, 0)::bigint AS rows
  FROM unnest($1::text[]) AS x JOIN pg_class c ON c.oid = to_regclass(format('%I.%I', split_part(x, '.', 1), split_part(x, '.', 2)))`;

export interface SubscriberCopyRow {
  subscription: string;
  table: string;
  state: string;
  bytes_here: string | number;
  bytes_processed: string | number | null;
  tuples_processed: string | number | null;
}

export interface PublisherSizeRow {
  table: string;
  bytes: string | number;
  rows: string | number;
}

/** pg_subscription_rel's states, as people say them. */
const STATES: Record<string, string> = { i: 'initializing', d: 'copying', f: 'copied', s: 'synchronized', r: 'ready' };

export interface TableCopy {
  table: string;
  /** initializing, copying, copied, synchronized, ready. */
  state: string;
  done: boolean;
  bytesCopied: number;
  bytesTotal: number | null;
  rowsCopied: number | null;
  rowsTotal: number | null;
  /** Over the time since the previous reading; null before there is one. */
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

/** An earlier reading of the same table, for throughput. */
export interface CopySample {
  at: number;
  bytes: number;
}

/** One table's progress from the two nodes' rows and the previous reading (if within a minute). */
export function tableCopy(row: SubscriberCopyRow, size: PublisherSizeRow | undefined, previous: CopySample | undefined, now: number): TableCopy {
  const done = row.state === 's' || row.state === 'r' || row.state === 'f';
  const bytesTotal = size ? Number(size.bytes) : null;
  const rowsTotal = size ? Number(size.rows) : null;
  const streamed = row.bytes_processed === null ? null : Number(row.bytes_processed);
  const bytesCopied = done ? (bytesTotal ?? Number(row.bytes_here)) : (streamed ?? Number(row.bytes_here));
  const rowsCopied = done ? rowsTotal : row.tuples_processed === null ? null : Number(row.tuples_processed);
  const seconds = previous ? (now - previous.at) / 1000 : 0;
  const bytesPerSecond = !done && previous && seconds > 0 && seconds <= 60 ? Math.max(0, (bytesCopied - previous.bytes) / seconds) : null;
  const remaining = bytesTotal === null ? null : Math.max(0, bytesTotal - bytesCopied);
  const etaSeconds = done ? 0 : bytesPerSecond && remaining !== null ? Math.round(remaining / bytesPerSecond) : null;
  return { table: row.table, state: STATES[row.state] ?? row.state, done, bytesCopied, bytesTotal, rowsCopied, rowsTotal, bytesPerSecond, etaSeconds };
}

/** One subscription's initial copy, table by table (what `GET /api/clusters/:id/copy-progress` returns). */
export interface SubscriptionCopy {
  node: string;
  subscription: string;
  publisher: string;
  /** Every table is copied, synchronized or ready. */
  done: boolean;
  tables: TableCopy[];
  error?: string;
}
