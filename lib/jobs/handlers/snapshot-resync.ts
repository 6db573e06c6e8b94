import type pg from 'pg';
import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { StepContext } from '../step-context';
import { resyncTable, type TableResync } from './resync-table';

/** Both sides print values the same way, so keys and row fingerprints compare whatever each node's defaults. */
const SAME_TEXT =
  "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3";

/**
 * Create a fresh logical slot on the publisher with an exported snapshot, and make the subscriber's copies of the
 * published tables equal to that snapshot. Returns the slot's consistent point, where streaming must resume.
 * The slot is dropped again if anything fails before the copies are committed.
 */
export async function resyncFromSnapshot(
  ctx: StepContext,
  publisher: string,
  node: string,
  db: string,
  slot: string,
  publications: string[],
): Promise<{ point: string; tables: TableResync[] }> {
  const repl = await ctx.connect(publisher, db, { replication: true });
  try {
    const created = await repl.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT ${quoteIdent(slot)} LOGICAL pgoutput (SNAPSHOT 'export')`,
    );
    const { consistent_point: point, snapshot_name: snapshot } = created.rows[0]!;
    ctx.log(
      'info',
      `created slot ${slot} on ${publisher} at ${point}; comparing ${node}'s tables with its snapshot`,
    );
    const tables = await withPair(ctx, publisher, node, db, async (source, target) => {
      await source.query(SAME_TEXT);
      await target.query(SAME_TEXT);
      await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await source.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshot)}`);
      const published = await source.query<{ tablename: string }>(
        "SELECT DISTINCT tablename FROM pg_publication_tables WHERE pubname = ANY ($1) AND schemaname = 'public' ORDER BY 1",
        [publications],
      );
      await target.query('BEGIN');
      await target.query('SET LOCAL session_replication_role = replica');
      const out: TableResync[] = [];
      for (const { tablename } of published.rows) {
        if (tablename === HEARTBEAT_TABLE) continue;
        const r = await resyncTable(source, target, tablename);
        out.push(r);
        ctx.log(
          'info',
          `${tablename}: ${r.missing} missing, ${r.changed} changed, ${r.removed} extra${r.keys.length > 0 ? ` (keys ${r.keys.join(', ')})` : ''}${r.note ? ` — ${r.note}` : ''}`,
        );
      }
      await target.query('COMMIT');
      await source.query('COMMIT');
      return out;
    });
    return { point, tables };
  } catch (err) {
    await repl.end().catch(() => undefined);
    await ctx
      .query(
        publisher,
        db,
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
        [slot],
      )
      .catch(() => undefined);
    throw err;
  } finally {
    await repl.end().catch(() => undefined);
  }
}

/** Dedicated connections to two nodes, both ended afterwards (also the first when the second cannot connect). */
async function withPair<T>(
  ctx: StepContext,
  a: string,
  b: string,
  db: string,
  work: (first: pg.Client, second: pg.Client) => Promise<T>,
): Promise<T> {
  const first = await ctx.connect(a, db);
  try {
    const second = await ctx.connect(b, db);
    try {
      return await work(first, second);
    } finally {
      await second.end().catch(() => undefined);
    }
  } finally {
    await first.end().catch(() => undefined);
  }
}
