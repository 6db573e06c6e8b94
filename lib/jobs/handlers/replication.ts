import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { fillPlaceholders } from '@/lib/plan/secret-placeholders';

const fillSecrets = (text: string, secrets: Readonly<Record<string, string>>) =>
  fillPlaceholders(text, (name) => secrets[name] ?? '');

// Without progress for this long, the initial copy is stuck; a big copy that moves may take as long as it needs.
const SYNC_TIMEOUT_MS = 120_000;

interface SyncRow extends Record<string, unknown> {
  subname: string;
  pending: string[] | null;
  worker: boolean;
}

/** One line per change of state: each subscription's tables still copying (pg_subscription_rel's state) and its worker. */
function describeSync(names: readonly string[], rows: readonly SyncRow[]): string {
  return names
    .map((name) => {
      const row = rows.find((r) => r.subname === name);
      if (!row) return `${name}: missing`;
      return `${name}: ${row.pending ? `copying ${row.pending.join(', ')}` : 'all tables copied'}, apply worker ${row.worker ? 'running' : 'not started'}`;
    })
    .join('; ');
}

/** Every table of the node's subscriptions is copied and streaming (state r or s), and each apply worker runs. */
export async function waitSync(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'wait-sync');
  let deadline = Date.now() + SYNC_TIMEOUT_MS;
  let progress = '';
  let shown = '';
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
    const state = describeSync(p.subscriptions, rows);
    if (state !== shown) ctx.log('info', state);
    shown = state;
    if (waiting.length === 0) return 'unchanged';
    // Progress: a table changed state, or the table-sync workers' COPY moved on.
    const [copy] = await ctx.query<{ bytes: string | null }>(step.node, p.database, `SELECT sum(bytes_processed)::text AS bytes FROM pg_stat_progress_copy`);
    const now = `${JSON.stringify(rows)} ${copy?.bytes ?? ''}`;
    if (now !== progress) {
      progress = now;
      deadline = Date.now() + SYNC_TIMEOUT_MS;
    }
    if (Date.now() > deadline) {
      const detail = waiting.map((name) => {
        const row = rows.find((r) => r.subname === name);
        return row
          ? `${name}: tables still syncing ${row.pending?.join(', ') ?? 'none'}, apply worker ${row.worker ? 'running' : 'not running'}`
          : `${name}: missing`;
      });
      throw new Error(
        `${step.node}'s subscriptions have made no progress in their initial copy for ${SYNC_TIMEOUT_MS / 1000} s (${detail.join('; ')}). Check the publisher's log for the reason.`,
      );
    }
    ctx.throwIfCancelled();
    await sleep(100);
  }
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
