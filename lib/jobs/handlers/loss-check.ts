import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { lsnBytes } from '@/lib/monitor/lsn';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';
import type { TableResync } from './resync-table';
import { releaseSlot, retireSlot, slotOf } from './slots';
import { resyncFromSnapshot } from './snapshot-resync';

interface SubscriptionRow extends Record<string, unknown> {
  oid: string;
  slot: string;
  publications: string[];
}

/** What the step reports; `phase: 'moved'` is saved before the subscription switches slots, so a Retry can finish. */
export interface LossReport {
  subscription: string;
  publisher: string;
  slot: string;
  confirmedByOld: string | null;
  replayedByNew: string | null;
  appliedByOld: string | null;
  behindBytes: number | null;
  fencedCleanly: boolean;
  lost: boolean;
  action: string;
  tables: TableResync[];
  phase?: 'moved' | 'done';
  oldSlot?: string;
  newSlot?: string;
  point?: string;
}

/** A fresh slot's name: one of two, never the one the subscription uses now, so a later takeover does not collide. */
export function takeoverSlot(subscription: string, current: string): string {
  const first = `${subscription.slice(0, 53)}_takeover`;
  return current === first ? `${first}2` : first;
}

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
  // A Retry after the subscription already moved to its fresh slot only finishes the move.
  const prior = ctx.resultOf(step.id) as LossReport | undefined;
  if (prior?.phase === 'moved' && prior.newSlot === sub.slot) {
    await finishMove(ctx, step, origin, prior);
    return 'changed';
  }
  const slot = await slotOf(ctx, p.publisher, db, sub.slot);
  const cleanFence = ctx.statusOf(`${p.replaced}/fence-node`) === 'changed';
  // A cleanly fenced node reported what it had applied; the slot's confirmed position can be a little further on
  // (keepalives confirm WAL with nothing to apply), so the old node's own position is the one to compare with.
  const fenced = ctx.resultOf(`${p.replaced}/fence-node`) as
    { origins?: Record<string, string | null> } | undefined;
  const appliedByOld = fenced?.origins ? (fenced.origins[p.subscription] ?? '0/0') : null;
  const behind =
    appliedByOld !== null ? lsnBytes(appliedByOld, replayed ?? '0/0') : lsnBytes(slot?.confirmed, replayed);
  const caughtUp = cleanFence && behind === 0;
  const base: Omit<LossReport, 'lost' | 'action' | 'tables'> = {
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
    await releaseSlot(ctx, p.publisher, db, sub.slot);
    await ctx.report({
      ...base,
      lost: false,
      action: `took over slot ${sub.slot}`,
      tables: [],
    } satisfies LossReport);
    ctx.log(
      'info',
      `no loss: ${node} had replayed everything ${p.replaced} confirmed; it takes over slot ${sub.slot}`,
    );
    return 'unchanged';
  }

  const fresh = takeoverSlot(p.subscription, sub.slot);
  await ctx.query(
    p.publisher,
    db,
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
    [fresh],
  );
  const { point, tables } = await resyncFromSnapshot(ctx, p.publisher, node, db, fresh, sub.publications);
  const lost = tables.some((t) => t.missing + t.changed + t.removed > 0);
  const moved: LossReport = {
    ...base,
    lost,
    action: `moved to slot ${fresh} from ${point}`,
    tables,
    phase: 'moved',
    oldSlot: sub.slot,
    newSlot: fresh,
    point,
  };
  await ctx.report(moved);
  await finishMove(ctx, step, origin, moved);
  return 'changed';
}

/** Point the subscription at the fresh slot from the snapshot's point on, and drop the old slot for good. */
async function finishMove(ctx: StepContext, step: Step, origin: string, r: LossReport): Promise<void> {
  const p = paramsOf(step, 'check-loss');
  const db = p.database;
  await ctx.query(
    step.node,
    db,
    `ALTER SUBSCRIPTION ${quoteIdent(p.subscription)} SET (slot_name = ${quoteLiteral(r.newSlot!)})`,
  );
  await ctx.query(step.node, db, 'SELECT pg_replication_origin_advance($1, $2::pg_lsn)', [origin, r.point!]);
  if (r.oldSlot && r.oldSlot !== r.newSlot && (await retireSlot(ctx, p.publisher, db, r.oldSlot))) {
    ctx.log(
      'info',
      `dropped ${p.publisher}'s old slot ${r.oldSlot}: ${p.replaced} can never consume from it again`,
    );
  }
  await ctx.report({ ...r, phase: 'done' });
}
