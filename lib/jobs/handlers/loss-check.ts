import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import { lsnBytes } from '@/lib/monitor/lsn';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { resyncTable, type TableResync } from './resync-table';

interface SubscriptionRow extends Record<string, unknown> {
  oid: string;
  slot: string;
  publications: string[];
}

interface SlotRow extends Record<string, unknown> {
  confirmed: string | null;
  active: boolean;
  pid: number | null;
}

/** A fresh slot's name, derived from the subscription's so a retried step finds its own leftover. */
export const takeoverSlot = (subscription: string) => `${subscription.slice(0, 54)}_takeover`;

/**
 * The failover loss check for one subscription of the promoted node. The publisher's slot says what the old
 * subscriber confirmed; the new node's replication origin says what it replayed. When the old node was fenced
 * cleanly and the new one is not behind, it takes the slot over as it is. Otherwise it moves to a fresh slot: the
 * slot's exported snapshot is compared row by row with the node's tables, what differs is re-copied, and
 * streaming resumes exactly at the snapshot's point, so nothing is lost and nothing is applied twice.
 */
export async function checkLoss(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-loss');
  const node = step.node;
  const db = p.database;
  const [sub] = await ctx.query<SubscriptionRow>(
    node,
    db,
    'SELECT oid::text AS oid, subslotname AS slot, subpublications AS publications FROM pg_subscription WHERE subname = $1',
    [p.subscription],
  );
  if (!sub)
    throw new Error(
      `${node} has no subscription ${p.subscription}: it should have been copied from ${p.replaced}`,
    );
  const origin = `pg_${sub.oid}`;
  const [progress] = await ctx.query<{ lsn: string | null }>(
    node,
    db,
    'SELECT remote_lsn::text AS lsn FROM pg_replication_origin_status WHERE external_id = $1',
    [origin],
  );
  const replayed = progress?.lsn ?? null;
  const slotOf = async (name: string) =>
    (
      await ctx.query<SlotRow>(
        p.publisher,
        db,
        'SELECT confirmed_flush_lsn::text AS confirmed, active, active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
        [name],
      )
    )[0];
  const slot = await slotOf(sub.slot);
  const cleanFence = ctx.statusOf(`${p.replaced}/fence-node`) === 'changed';
  // A cleanly fenced node reported what it had applied; the slot's confirmed position can be a little further on
  // (keepalives confirm WAL with nothing to apply), so the old node's own position is the one to compare with.
  const fenced = ctx.resultOf(`${p.replaced}/fence-node`) as { origins?: Record<string, string | null> } | undefined;
  const appliedByOld = fenced?.origins ? (fenced.origins[p.subscription] ?? '0/0') : null;
  const behind = appliedByOld !== null ? lsnBytes(appliedByOld, replayed ?? '0/0') : lsnBytes(slot?.confirmed, replayed);
  const caughtUp = cleanFence && behind === 0;
  const base = {
    subscription: p.subscription,
    publisher: p.publisher,
    slot: sub.slot,
    confirmedByOld: slot?.confirmed ?? null,
    replayedByNew: replayed,
    behindBytes: behind,
    fencedCleanly: cleanFence,
    appliedByOld,
  };
  ctx.log(
    'info',
    `${p.publisher}'s slot ${sub.slot}: confirmed ${slot?.confirmed ?? '(no slot)'}; ${node} replayed ${replayed ?? '(nothing)'}; ${p.replaced} ${cleanFence ? 'was fenced cleanly' : 'could not be fenced'}`,
  );

  if (slot && caughtUp) {
    await releaseSlot(ctx, p.publisher, db, sub.slot, slot);
    await ctx.report({ ...base, lost: false, action: `took over slot ${sub.slot}`, tables: [] });
    ctx.log(
      'info',
      `no loss: ${node} had replayed everything ${p.replaced} confirmed; it takes over slot ${sub.slot}`,
    );
    return 'unchanged';
  }

  const fresh = takeoverSlot(p.subscription);
  await ctx.query(
    p.publisher,
    db,
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
    [fresh],
  );
  const repl = await ctx.connect(p.publisher, db, { replication: true });
  const tables: TableResync[] = [];
  let point: string;
  try {
    const created = await repl.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT ${quoteIdent(fresh)} LOGICAL pgoutput (SNAPSHOT 'export')`,
    );
    const { consistent_point, snapshot_name } = created.rows[0]!;
    point = consistent_point;
    ctx.log(
      'info',
      `created slot ${fresh} on ${p.publisher} at ${point}; comparing ${node}'s tables with its snapshot`,
    );
    const [source, target] = await Promise.all([ctx.connect(p.publisher, db), ctx.connect(node, db)]);
    try {
      await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await source.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshot_name)}`);
      const published = await source.query<{ tablename: string }>(
        "SELECT DISTINCT tablename FROM pg_publication_tables WHERE pubname = ANY ($1) AND schemaname = 'public' ORDER BY 1",
        [sub.publications],
      );
      await target.query('BEGIN');
      await target.query('SET LOCAL session_replication_role = replica');
      for (const { tablename } of published.rows) {
        if (tablename === HEARTBEAT_TABLE) continue;
        const r = await resyncTable(source, target, tablename);
        tables.push(r);
        ctx.log(
          'info',
          `${tablename}: ${r.missing} missing, ${r.changed} changed, ${r.removed} extra${r.keys.length > 0 ? ` (keys ${r.keys.join(', ')})` : ''}${r.note ? ` — ${r.note}` : ''}`,
        );
      }
      await target.query('COMMIT');
      await source.query('COMMIT');
    } finally {
      await Promise.all([source.end(), target.end()]);
    }
  } finally {
    await repl.end();
  }
  await ctx.query(
    node,
    db,
    `ALTER SUBSCRIPTION ${quoteIdent(p.subscription)} SET (slot_name = ${quoteLiteral(fresh)})`,
  );
  await ctx.query(node, db, 'SELECT pg_replication_origin_advance($1, $2::pg_lsn)', [origin, point]);
  if (slot && sub.slot !== fresh) {
    await releaseSlot(ctx, p.publisher, db, sub.slot, slot);
    await ctx.query(p.publisher, db, 'SELECT pg_drop_replication_slot($1)', [sub.slot]);
    ctx.log(
      'info',
      `dropped ${p.publisher}'s old slot ${sub.slot}: ${p.replaced} can never consume from it again`,
    );
  }
  const lost = tables.some((t) => t.missing + t.changed + t.removed > 0);
  await ctx.report({ ...base, lost, action: `moved to slot ${fresh} from ${point}`, tables });
  return 'changed';
}

/** Wait for the old subscriber's connection on the slot to go; end it after 10 s (a fenced node has none). */
async function releaseSlot(
  ctx: StepContext,
  publisher: string,
  db: string,
  name: string,
  slot: SlotRow,
): Promise<void> {
  let current: SlotRow | undefined = slot;
  for (let i = 0; current?.active && i < 50; i++) {
    await sleep(200);
    [current] = await ctx.query<SlotRow>(
      publisher,
      db,
      'SELECT confirmed_flush_lsn::text AS confirmed, active, active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
      [name],
    );
  }
  if (current?.active && current.pid) {
    ctx.log('info', `ending the connection still using slot ${name} on ${publisher} (pid ${current.pid})`);
    await ctx.query(publisher, db, 'SELECT pg_terminate_backend($1)', [current.pid]);
  }
}
