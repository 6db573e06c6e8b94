import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { sqlCommand } from '@/lib/objects/object';
import { startSubscriber as startSubscriberModule } from '@/lib/objects/physical-start';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { initCluster } from './node-setup';
import { jobNodeIo } from './object-handler';
import { paramsOf, sleep } from './params';
import { exists, logTail, runAll } from './shared';

type Params = Extract<Step['params'], { kind: 'start-subscriber' }>;

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

/** Which copy `auto` makes, from the publisher's database size: physical at or above the threshold. */
async function pickMethod(ctx: StepContext, p: Params): Promise<{ method: 'physical' | 'rows'; why: string; bytes?: number }> {
  if (p.method === 'physical') return { method: 'physical', why: 'initialCopy is physical' };
  const [row] = await ctx.query<{ bytes: string }>(p.publisher, p.database, 'SELECT pg_database_size(current_database())::text AS bytes');
  const bytes = Number(row?.bytes ?? 0);
  return bytes >= p.thresholdBytes
    ? { method: 'physical', bytes, why: `auto: ${p.publisher}'s database ${p.database} is ${gb(bytes)}, at least ${gb(p.thresholdBytes)}: a clone copies its files at disk speed, a row copy re-inserts and re-indexes every row` }
    : { method: 'rows', bytes, why: `auto: ${p.publisher}'s database ${p.database} is ${gb(bytes)}, under ${gb(p.thresholdBytes)}: copied row by row (a clone would also copy every other database and table)` };
}

/** The logical slot the subscription will read, on the publisher, before the clone: made, or an unused one reused. */
async function ensureSlot(ctx: StepContext, p: Params): Promise<string> {
  const [live] = await ctx.query<{ slot_type: string; plugin: string | null; active: boolean; database: string | null; lsn: string | null }>(
    p.publisher,
    p.database,
    'SELECT slot_type, plugin, active, database, confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
    [p.slot],
  );
  if (live) {
    if (live.slot_type !== 'logical' || live.plugin !== 'pgoutput' || live.database !== p.database || live.active)
      throw new Error(`${p.publisher} already has a replication slot ${p.slot} (${live.slot_type}, ${live.plugin ?? 'no plugin'}, ${live.active ? 'in use' : 'idle'}) that is not this subscription's: drop it, then Retry`);
    ctx.log('info', `${p.publisher} keeps its logical slot ${p.slot} from an earlier try (consistent at ${live.lsn})`);
    return live.lsn ?? '';
  }
  const sql = `SELECT lsn::text FROM pg_create_logical_replication_slot(${quoteLiteral(p.slot)}, 'pgoutput')`;
  ctx.log('info', `${p.publisher}/${p.database}> ${sql}`);
  const [made] = await ctx.query<{ lsn: string }>(p.publisher, p.database, sql);
  return made?.lsn ?? '';
}

/** Where the promoted clone's timeline began: the end of the last WAL record it replayed (its history file's last line). */
export function switchPoint(history: string): string {
  const last = history.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).pop();
  const lsn = last?.split(/\s+/)[1];
  if (!lsn || !/^[0-9A-F]+\/[0-9A-F]+$/i.test(lsn)) throw new Error(`the clone's timeline history has no switch point: ${JSON.stringify(history)}`);
  return lsn;
}

async function waitPromoted(ctx: StepContext, step: Step): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const [row] = await ctx.query<{ recovering: boolean }>(step.node, 'postgres', 'SELECT pg_is_in_recovery() AS recovering');
    if (row && !row.recovering) return;
    if (Date.now() > deadline) throw new Error(`${step.node}'s clone has not finished its recovery after 300 s: see its server log`);
    ctx.throwIfCancelled();
    await sleep(100);
  }
}

/** What the clone brought from its publisher and must not keep: its subscriptions, publications and slots. */
async function dropInherited(ctx: StepContext, step: Step, p: Params): Promise<void> {
  const subs = await ctx.query<{ subname: string; datname: string }>(step.node, 'postgres', 'SELECT s.subname, d.datname FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid ORDER BY 2, 1');
  for (const s of subs) {
    const name = quoteIdent(s.subname);
    await runAll(ctx, [`ALTER SUBSCRIPTION ${name} DISABLE`, `ALTER SUBSCRIPTION ${name} SET (slot_name = NONE)`, `DROP SUBSCRIPTION ${name}`].map((sql) => sqlCommand(s.datname, sql)));
  }
  const pubs = await ctx.query<{ pubname: string }>(step.node, p.database, 'SELECT pubname FROM pg_publication ORDER BY 1');
  await runAll(ctx, pubs.map((x) => sqlCommand(p.database, `DROP PUBLICATION ${quoteIdent(x.pubname)}`)));
  const slots = await ctx.query<{ slot_name: string }>(step.node, 'postgres', 'SELECT slot_name FROM pg_replication_slots ORDER BY 1');
  await runAll(ctx, slots.map((x) => sqlCommand('postgres', `SELECT pg_drop_replication_slot(${quoteLiteral(x.slot_name)})`)));
}

/**
 * A new subscriber node, started from a physical copy of its publisher (or by initdb when `auto` finds the database
 * small): slot, clone, promote, clean, subscribe disabled at the clone's end; the subscription step enables it.
 */
export async function startSubscriber(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'start-subscriber');
  if (!startSubscriberModule.diff(p, await startSubscriberModule.read(jobNodeIo(ctx, step.node), p), ctx.secrets)) return 'unchanged';
  const picked = await pickMethod(ctx, p);
  ctx.log('info', `initial copy: ${picked.method} (${picked.why})`);
  if (picked.method === 'rows') {
    await ctx.report({ method: 'rows', why: picked.why, publisherBytes: picked.bytes });
    return initCluster(ctx, { ...step, kind: 'init-cluster', commands: p.rows, params: { kind: 'init-cluster', dataDir: p.dataDir } });
  }
  if (await exists(ctx, p.dataDir)) {
    const listing = await ctx.executor.run(['ls', '-A', p.dataDir], { allowFailure: true });
    if (listing.stdout.trim() !== '') throw new Error(`directory ${p.dataDir} exists but is not empty and holds no cluster: move it away, then Retry`);
  }
  const slotLsn = await ensureSlot(ctx, p);
  const started = Date.now();
  try {
    await runAll(ctx, p.clone);
    await waitPromoted(ctx, step);
    // The slot was made before the clone, so the clone's consistent point is past the slot's: recovery cannot stop at
    // recovery_target_lsn = the slot's LSN. It stops at its own (recovery_target = immediate) and the origin starts
    // exactly where it stopped: the slot still has every change from there, and the clone has every commit before.
    const [row] = await ctx.query<{ history: string }>(step.node, 'postgres', `SELECT pg_read_file('pg_wal/' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) || '.history') AS history`);
    const lsn = switchPoint(row?.history ?? '');
    ctx.log('info', `the clone ends at ${lsn} (slot ${p.slot} on ${p.publisher} is consistent from ${slotLsn}): the subscription starts there`);
    await dropInherited(ctx, step, p);
    const name = quoteLiteral(p.subscription);
    await runAll(ctx, [
      sqlCommand(p.database, p.subscriptionSql),
      sqlCommand(p.database, `COMMENT ON SUBSCRIPTION ${quoteIdent(p.subscription)} IS ${quoteLiteral('managed by pgcascade')}`),
      sqlCommand(p.database, `SELECT pg_replication_origin_advance('pg_' || oid, ${quoteLiteral(lsn)}::pg_lsn) FROM pg_subscription WHERE subname = ${name} AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`),
    ]);
    await ctx.report({ method: 'physical', why: picked.why, publisherBytes: picked.bytes, slotLsn, startLsn: lsn, seconds: (Date.now() - started) / 1000 });
  } catch (err) {
    const tail = await logTail(ctx, p.logFile);
    if (tail) ctx.log('stderr', `${step.node}'s server log:\n${tail}`);
    // The one-off server in the scratch folder does not outlive a failed try; a retry clones again.
    await ctx.disconnect(step.node);
    const stop = p.finish[0];
    if (stop?.type === 'shell') await ctx.executor.run(stop.argv, { asPostgres: true, allowFailure: true });
    throw err;
  }
  await ctx.disconnect(step.node);
  await runAll(ctx, p.finish);
  return 'changed';
}
