import { quoteIdent } from '@/lib/postgres/quote';
import { SEQUENCES_BEHIND_SQL, sequencesBehind, type SequenceRow } from '@/lib/postgres/sequences';
import { lsnBytes } from '@/lib/monitor/lsn';
import type { ServiceCommands } from '@/lib/plan/layout';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { isRunning } from './shared';

const CATCH_UP_MS = { switchover: 60_000, failover: 10_000 };

/** What a clean fence saw: each subscription's applied position, and the node's WAL position once they stopped. */
interface FenceReport {
  origins: Record<string, string | null>;
  head: string | null;
}

async function waitFor(ctx: StepContext, timeoutMs: number, done: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    ctx.throwIfCancelled();
    await sleep(200);
  }
}

async function enabledSubscriptions(
  ctx: StepContext,
  node: string,
  database: string,
  names: string[],
): Promise<string[]> {
  const rows = await ctx.query<{ subname: string }>(
    node,
    database,
    'SELECT subname FROM pg_subscription WHERE subenabled AND subname = ANY($1) ORDER BY subname',
    [names],
  );
  return rows.map((r) => r.subname);
}

async function disableSubscriptions(
  ctx: StepContext,
  node: string,
  database: string,
  names: string[],
): Promise<string[]> {
  const enabled = await enabledSubscriptions(ctx, node, database, names);
  for (const name of enabled)
    await ctx.query(node, database, `ALTER SUBSCRIPTION ${quoteIdent(name)} DISABLE`);
  return enabled;
}

async function stopService(ctx: StepContext, node: string, service: ServiceCommands): Promise<boolean> {
  if (!(await isRunning(ctx, service))) return false;
  await ctx.disconnect(node);
  await ctx.executor.run(service.stop, {
    asPostgres: service.asPostgres,
    onOutput: (stream, text) => ctx.log(stream, text),
  });
  return true;
}

/**
 * Fence the old subscriber. Reachable: disable its subscriptions (the change reaches the standby's copies too),
 * let the standby replay everything it wrote, stop it: 'changed', a clean hand-over. Not reachable (failover only):
 * 'unchanged', and the loss check then moves the new subscriber to fresh slots so the old one can never consume again.
 */
export async function fenceNode(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'fence-node');
  const node = step.node;
  // Nothing is fenced unless the standby that is to take over answers and is still a standby.
  const standbyReady = await ctx
    .query<{ r: boolean }>(p.standby, 'postgres', 'SELECT pg_is_in_recovery() AS r')
    .then(
      (rows) => rows[0]?.r === true,
      () => false,
    );
  if (!standbyReady)
    throw new Error(
      `${p.standby} does not answer or is not a standby: nothing was fenced; start it (or check it) and retry`,
    );
  const answers = await ctx.query(node, p.database, 'SELECT 1').then(
    () => true,
    (err: Error) => (ctx.log('info', `${node} does not answer: ${err.message}`), false),
  );
  const prior = ctx.resultOf(step.id) as FenceReport | undefined;
  if (!answers && prior) {
    // A Retry (or a restarted panel) after this step had already disabled and stopped the node.
    const [r] = await ctx.query<{ lsn: string | null }>(
      p.standby,
      'postgres',
      'SELECT pg_last_wal_replay_lsn()::text AS lsn',
    );
    if (p.mode === 'switchover' && lsnBytes(prior.head, r?.lsn) !== 0)
      throw new Error(
        `${node} is stopped but ${p.standby} has not replayed its WAL up to ${prior.head}: start ${node} and retry`,
      );
    ctx.log('info', `${node} was fenced by this job already`);
    return 'changed';
  }
  if (!answers) {
    if (p.mode === 'switchover')
      throw new Error(
        `${node} does not answer: a switchover needs it running to hand over without loss. Start it, or use failover.`,
      );
    // Its PostgreSQL is down; stop it for good if its host still answers, so it cannot come back on its own.
    const stopped = await stopService(ctx, node, p.service).catch(
      (err: Error) => (
        ctx.log(
          'info',
          `${node}'s host does not answer either (${err.message}): keep it off the network until it is rebuilt`,
        ),
        false
      ),
    );
    if (stopped) ctx.log('info', `stopped ${node}'s server`);
    return 'unchanged';
  }
  const disabled = await disableSubscriptions(ctx, node, p.database, p.subscriptions);
  ctx.log(
    'info',
    disabled.length > 0
      ? `disabled ${disabled.join(', ')} on ${node}`
      : `${node}'s subscriptions were already disabled`,
  );
  const idle = await waitFor(ctx, 15_000, async () => {
    const rows = await ctx.query(
      node,
      p.database,
      'SELECT 1 FROM pg_stat_subscription st JOIN pg_subscription s ON s.oid = st.subid WHERE s.subname = ANY($1) AND st.pid IS NOT NULL',
      [p.subscriptions],
    );
    return rows.length === 0;
  });
  if (!idle)
    throw new Error(`${node}'s apply workers did not stop within 15 s after ALTER SUBSCRIPTION … DISABLE`);
  // What it applied, per subscription: the loss check compares the standby's replay with this.
  const origins = await ctx.query<{ subname: string; lsn: string | null }>(
    node,
    p.database,
    "SELECT s.subname, o.remote_lsn::text AS lsn FROM pg_subscription s LEFT JOIN pg_replication_origin_status o ON o.external_id = 'pg_' || s.oid WHERE s.subname = ANY ($1)",
    [p.subscriptions],
  );
  const [head] = await ctx.query<{ lsn: string }>(
    node,
    'postgres',
    'SELECT pg_current_wal_lsn()::text AS lsn',
  );
  await ctx.report({
    origins: Object.fromEntries(origins.map((o) => [o.subname, o.lsn])),
    head: head?.lsn ?? null,
  } satisfies FenceReport);
  let behind: number | null = null;
  const caughtUp = await waitFor(ctx, CATCH_UP_MS[p.mode], async () => {
    const [r] = await ctx
      .query<{ lsn: string | null }>(p.standby, 'postgres', 'SELECT pg_last_wal_replay_lsn()::text AS lsn')
      .catch(() => [{ lsn: null }]);
    behind = lsnBytes(head?.lsn, r?.lsn);
    return behind === 0;
  });
  if (!caughtUp && p.mode === 'switchover')
    throw new Error(
      `${p.standby} has not replayed ${node}'s WAL up to ${head?.lsn} within 60 s (${behind ?? 'unknown'} bytes behind): nothing was switched; ${node}'s subscriptions are disabled — Retry, or re-apply to enable them again`,
    );
  ctx.log(
    'info',
    caughtUp
      ? `${p.standby} has replayed ${node}'s WAL up to ${head?.lsn}`
      : `${p.standby} is ${behind ?? 'an unknown number of'} bytes behind ${node}; the rest arrives at shutdown or is found by the loss check`,
  );
  await stopService(ctx, node, p.service);
  ctx.log('info', `${node} is stopped (fenced)`);
  return 'changed';
}

/** Promote the standby; its copied subscriptions are held (disabled, or no logical workers) so none connects yet. */
export async function promoteStandby(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'promote-standby');
  const node = step.node;
  const inRecovery = async () =>
    (await ctx.query<{ r: boolean }>(node, 'postgres', 'SELECT pg_is_in_recovery() AS r'))[0]?.r ?? true;
  let changed = false;
  if (await inRecovery()) {
    const enabled = await enabledSubscriptions(ctx, node, p.database, p.subscriptions);
    if (enabled.length > 0) {
      // Their upstream could not disable them: without workers they cannot start at promotion.
      ctx.log(
        'info',
        `${node}'s copies of ${enabled.join(', ')} are enabled: restarting it with max_logical_replication_workers = 0 across the promotion`,
      );
      const current = (await ctx.executor.readFile(p.settingsFile)) ?? '';
      if (!/^max_logical_replication_workers = 0$/m.test(current)) {
        await ctx.executor.writeFile(
          p.settingsFile,
          `${current.trimEnd()}\n# held by pgcascade during a failover; the next settings step removes it\nmax_logical_replication_workers = 0\n`,
          { mode: 0o644, asPostgres: true },
        );
      }
      await ctx.disconnect(node);
      await ctx.executor.run(p.service.restart, {
        asPostgres: p.service.asPostgres,
        onOutput: (stream, text) => ctx.log(stream, text),
      });
    }
    await ctx.query(node, 'postgres', 'SELECT pg_promote(wait => true, wait_seconds => 60)');
    changed = true;
  }
  if (!(await waitFor(ctx, 60_000, async () => !(await inRecovery()))))
    throw new Error(`${node} is still in recovery 60 s after pg_promote(): see its server log`);
  ctx.log('info', `${node} accepts writes`);
  const disabled = await disableSubscriptions(ctx, node, p.database, p.subscriptions);
  if (disabled.length > 0)
    ctx.log('info', `disabled ${disabled.join(', ')} on ${node} until the loss check is done`);
  return changed || disabled.length > 0 ? 'changed' : 'unchanged';
}

/** Enable the new subscriber's subscriptions; report its sequences that are behind the data (the sync-sequences step sets them). */
export async function resumeSubscriptions(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'resume-subscriptions');
  const enabled = new Set(await enabledSubscriptions(ctx, step.node, p.database, p.subscriptions));
  const todo = p.subscriptions.filter((s) => !enabled.has(s));
  for (const name of todo)
    await ctx.query(step.node, p.database, `ALTER SUBSCRIPTION ${quoteIdent(name)} ENABLE`);
  const tables = (
    await ctx.query<{ tablename: string }>(
      step.node,
      p.database,
      'SELECT DISTINCT n.nspname || \'.\' || c.relname AS tablename FROM pg_subscription_rel sr JOIN pg_subscription s ON s.oid = sr.srsubid JOIN pg_class c ON c.oid = sr.srrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE s.subname = ANY ($1)',
      [p.subscriptions],
    )
  ).map((r) => r.tablename);
  const behind = sequencesBehind(
    await ctx.query<SequenceRow>(step.node, p.database, SEQUENCES_BEHIND_SQL, [tables]),
  );
  for (const b of behind)
    ctx.log(
      'info',
      `note: ${b.sequence} is at ${b.lastValue}, behind ${b.table}.${b.column} = ${b.maxValue} (sequences are not replicated); the sync-sequences step moves it forward (by hand: ${b.fix})`,
    );
  await ctx.report({ sequencesBehind: behind });
  return todo.length > 0 ? 'changed' : 'unchanged';
}
