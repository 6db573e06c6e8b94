import type { StepContext } from '../step-context';
import { sleep } from './params';

export interface SlotRow extends Record<string, unknown> {
  confirmed: string | null;
  active: boolean;
  pid: number | null;
}

export async function slotOf(
  ctx: StepContext,
  node: string,
  db: string,
  name: string,
): Promise<SlotRow | undefined> {
  const rows = await ctx.query<SlotRow>(
    node,
    db,
    'SELECT confirmed_flush_lsn::text AS confirmed, active, active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
    [name],
  );
  return rows[0];
}

/** Wait up to 10 s for the connection using a slot to go (a fenced node has none), then end it and wait for it. */
export async function releaseSlot(
  ctx: StepContext,
  node: string,
  db: string,
  name: string,
): Promise<SlotRow | undefined> {
  let slot = await slotOf(ctx, node, db, name);
  for (let i = 0; slot?.active && i < 50; i++) {
    if (i === 49 && slot.pid) {
      ctx.log('info', `ending the connection still using slot ${name} on ${node} (pid ${slot.pid})`);
      await ctx.query(node, db, 'SELECT pg_terminate_backend($1, 5000)', [slot.pid]);
    }
    await sleep(200);
    slot = await slotOf(ctx, node, db, name);
  }
  if (slot?.active)
    throw new Error(
      `slot ${name} on ${node} is still in use by pid ${slot.pid}: stop its consumer and retry`,
    );
  return slot;
}

/** Drop a slot so nothing can consume from it again; nothing to do when it is gone already. */
export async function retireSlot(ctx: StepContext, node: string, db: string, name: string): Promise<boolean> {
  if (!(await releaseSlot(ctx, node, db, name))) return false;
  await ctx.query(node, db, 'SELECT pg_drop_replication_slot($1)', [name]);
  return true;
}
