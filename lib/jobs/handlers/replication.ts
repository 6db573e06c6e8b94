import { LOGICAL_ROLE } from '@/lib/postgres/roles';
import {
  alterSubscriptionConnectionSql,
  createSubscriptionSql,
  enableSubscriptionSql,
  renderConninfo,
  setSubscriptionPublicationsSql,
} from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { exists, isRunning, runAll } from './shared';
import { fillPlaceholders } from '@/lib/plan/secret-placeholders';

const fillSecrets = (text: string, secrets: Readonly<Record<string, string>>) =>
  fillPlaceholders(text, (name) => secrets[name] ?? '');

const SYNC_TIMEOUT_MS = 120_000;

interface SubscriptionRow extends Record<string, unknown> {
  subenabled: boolean;
  subconninfo: string;
  subpublications: string[];
}

export async function createSubscription(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-subscription');
  const password = ctx.secrets.logical_password ?? '';
  const conninfo = { host: p.host, port: p.port, dbname: p.database, user: LOGICAL_ROLE, password };
  const [sub] = await ctx.query<SubscriptionRow>(
    step.node,
    p.database,
    'SELECT subenabled, subconninfo, subpublications FROM pg_subscription WHERE subname = $1 AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())',
    [p.subscription],
  );
  let changed = false;
  if (!sub) {
    await ctx.query(
      step.node,
      p.database,
      createSubscriptionSql(p.subscription, conninfo, p.publications, p.origin),
    );
    changed = true;
  } else {
    if (sub.subconninfo !== renderConninfo(conninfo)) {
      await ctx.query(step.node, p.database, alterSubscriptionConnectionSql(p.subscription, conninfo));
      changed = true;
    }
    if ([...sub.subpublications].sort().join() !== [...p.publications].sort().join()) {
      await ctx.query(step.node, p.database, setSubscriptionPublicationsSql(p.subscription, p.publications));
      changed = true;
    }
    if (!sub.subenabled) {
      await ctx.query(step.node, p.database, enableSubscriptionSql(p.subscription));
      changed = true;
    }
  }
  return changed ? 'changed' : 'unchanged';
}

interface SyncRow extends Record<string, unknown> {
  subname: string;
  pending: string[] | null;
  worker: boolean;
}

/** Every table of the node's subscriptions is copied and streaming (state r or s), and each apply worker runs. */
export async function waitSync(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'wait-sync');
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const rows = await ctx.query<SyncRow>(
      step.node,
      p.database,
      `SELECT s.subname,
              (SELECT array_agg(sr.srrelid::regclass::text || '=' || sr.srsubstate::text) FROM pg_subscription_rel sr WHERE sr.srsubid = s.oid AND sr.srsubstate NOT IN ('r', 's')) AS pending,
              EXISTS (SELECT 1 FROM pg_stat_subscription st WHERE st.subid = s.oid AND st.pid IS NOT NULL AND st.relid IS NULL) AS worker
         FROM pg_subscription s WHERE s.subname = ANY($1) AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [p.subscriptions],
    );
    const waiting = p.subscriptions.filter((name) => {
      const row = rows.find((r) => r.subname === name);
      return !row || row.pending || !row.worker;
    });
    if (waiting.length === 0) return 'unchanged';
    if (Date.now() > deadline) {
      const detail = waiting.map((name) => {
        const row = rows.find((r) => r.subname === name);
        return row
          ? `${name}: tables still syncing ${row.pending?.join(', ') ?? 'none'}, apply worker ${row.worker ? 'running' : 'not running'}`
          : `${name}: missing`;
      });
      throw new Error(
        `${step.node}'s subscriptions have not finished their initial copy after ${SYNC_TIMEOUT_MS / 1000} s (${detail.join('; ')}). Check the publisher's log for the reason.`,
      );
    }
    ctx.throwIfCancelled();
    await sleep(100);
  }
}

function conninfoValue(conninfo: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}=('(?:[^'\\\\]|\\\\.)*'|\\S+)`)
    .exec(conninfo)?.[1]
    ?.replace(/^'|'$/g, '');
}

/** The standby is already a clone of this upstream when its recovery settings point there through this slot. */
async function isCloneOf(
  ctx: StepContext,
  dataDir: string,
  upstreamHost: string,
  upstreamPort: number,
  slot: string,
): Promise<boolean> {
  if (!(await exists(ctx, `${dataDir}/standby.signal`))) return false;
  const auto = (await ctx.executor.readFile(`${dataDir}/postgresql.auto.conf`)) ?? '';
  const conninfo = /^primary_conninfo = '(.*)'$/m.exec(auto)?.[1]?.replace(/''/g, "'") ?? '';
  const slotName = /^primary_slot_name = '(.*)'$/m.exec(auto)?.[1];
  return (
    conninfoValue(conninfo, 'host') === upstreamHost &&
    conninfoValue(conninfo, 'port') === String(upstreamPort) &&
    slotName === slot
  );
}

export async function cloneStandby(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'clone-standby');
  if (await isCloneOf(ctx, p.dataDir, p.upstreamHost, p.upstreamPort, p.slot)) return 'unchanged';
  const [stop, ...rest] = step.commands;
  if (stop && (await isRunning(ctx, p.service))) {
    await ctx.disconnect(step.node);
    await ctx.runCommand(stop);
  }
  await runAll(ctx, rest);
  return 'changed';
}

/** SSH hosts: the function the standby's restore_command calls; recreated only when its definition differs. */
export async function createWalReader(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-wal-reader');
  const rows = await ctx.query<{ src: string; granted: boolean }>(
    step.node,
    'postgres',
    "SELECT prosrc AS src, has_function_privilege($1, p.oid, 'EXECUTE') AS granted FROM pg_proc p WHERE proname = 'pgcascade_read_wal' AND pronamespace = 'public'::regnamespace",
    [p.role],
  );
  if (rows[0]?.granted && rows[0].src.includes(`${p.archiveDir}/`)) return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}

/** Files whose whole content pgcascade owns: written when they differ. */
export async function writeFiles(ctx: StepContext, step: Step): Promise<StepResult> {
  let changed = false;
  for (const command of step.commands) {
    if (command.type !== 'file') continue;
    const wanted = fillSecrets(command.content, ctx.secrets);
    if ((await ctx.executor.readFile(command.path)) === wanted) continue;
    await ctx.runCommand(command);
    changed = true;
  }
  return changed ? 'changed' : 'unchanged';
}
