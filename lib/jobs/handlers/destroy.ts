import { quoteIdent } from '@/lib/postgres/quote';
import path from 'node:path';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';
import { exists, isRunning, runAll } from './shared';

export async function stopNode(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'stop-node');
  if (!(await exists(ctx, `${p.dataDir}/PG_VERSION`)) || !(await isRunning(ctx, p.service)))
    return 'unchanged';
  await ctx.disconnect(step.node);
  await runAll(ctx, step.commands);
  return 'changed';
}

export async function removeNode(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'remove-node');
  if (!(await exists(ctx, p.dir))) return 'unchanged';
  await runAll(ctx, step.commands);
  // The cluster's own folder goes with its last node.
  await ctx.executor.run(['rmdir', path.dirname(p.dir)], { allowFailure: true });
  return 'changed';
}

/** SSH hosts: drop what pgcascade set up for replication, if it is still there. */
export async function dropReplication(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'drop-replication');
  let changed = false;
  for (const sub of p.subscriptions) {
    const found = await ctx.query(step.node, p.database, 'SELECT 1 FROM pg_subscription WHERE subname = $1', [
      sub,
    ]);
    if (found.length === 0) continue;
    await ctx.query(step.node, p.database, `DROP SUBSCRIPTION ${quoteIdent(sub)}`);
    changed = true;
  }
  for (const pub of p.publications) {
    const found = await ctx.query(step.node, p.database, 'SELECT 1 FROM pg_publication WHERE pubname = $1', [
      pub,
    ]);
    if (found.length === 0) continue;
    await ctx.query(step.node, p.database, `DROP PUBLICATION ${quoteIdent(pub)}`);
    changed = true;
  }
  for (const slot of p.slots) {
    const dropped = await ctx.query(
      step.node,
      'postgres',
      'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
      [slot],
    );
    changed ||= dropped.length > 0;
  }
  return changed ? 'changed' : 'unchanged';
}
