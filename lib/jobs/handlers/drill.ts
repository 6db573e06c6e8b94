import { quoteIdent } from '@/lib/postgres/quote';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { prepareScratch, removeScratch, runLogged, scratchSql, startScratch, waitPromoted } from './scratch';

export interface DrillTable {
  name: string;
  matched: boolean;
  rows: number;
  /** The copy's row count, when it differs. */
  restoredRows?: number;
}

/** What a drill found, kept with its job (GET /api/clusters/:id/drills). */
export interface DrillReport {
  restorePoint: string;
  restoreSeconds: number | null;
  recoveryPointAgeSeconds: number | null;
  tables: DrillTable[];
  verified: boolean;
  failedStep: string | null;
  error: string | null;
}

const checksumSql = (table: string) => `SELECT count(*)::bigint AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM public.${quoteIdent(table)} t`;

interface SourcePoint {
  at: Date;
  walFile: string;
  tables: { name: string; rows: number; md5: string }[];
}

/**
 * A restore point and every table's checksum at exactly that point: the tables are locked against writes (SHARE:
 * reads go on) while a snapshot is exported and the restore point written, so no commit falls between the two;
 * the checksums are read in a second session from that snapshot once the lock is released.
 */
async function markRecoveryPoint(ctx: StepContext, node: string, database: string, name: string): Promise<SourcePoint> {
  const a = await ctx.connect(node, database);
  const b = await ctx.connect(node, database);
  try {
    await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await a.query("SET LOCAL lock_timeout = '10s'");
    const tables = (await a.query<{ name: string }>("SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1")).rows.map((r) => r.name);
    if (tables.length > 0) await a.query(`LOCK TABLE ${tables.map((t) => `public.${quoteIdent(t)}`).join(', ')} IN SHARE MODE`);
    const mark = (await a.query<{ snapshot: string; lsn: string; at: Date; wal: string }>('SELECT pg_export_snapshot() AS snapshot, pg_create_restore_point($1) AS lsn, now() AS at, pg_walfile_name(pg_current_wal_lsn()) AS wal', [name])).rows[0];
    if (!mark) throw new Error('no restore point');
    await b.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await b.query(`SET TRANSACTION SNAPSHOT '${mark.snapshot.replace(/'/g, '')}'`);
    await a.query('COMMIT');
    ctx.log('info', `restore point ${name} at ${mark.lsn} on ${node}; ${tables.length} tables checksummed at that point`);
    const sums: SourcePoint['tables'] = [];
    for (const t of tables) {
      const row = (await b.query<{ rows: string; md5: string }>(checksumSql(t))).rows[0];
      sums.push({ name: t, rows: Number(row?.rows ?? 0), md5: row?.md5 ?? '' });
    }
    await b.query('COMMIT');
    // The restore point's segment must reach the repository before a restore can replay to it.
    await a.query('SELECT pg_switch_wal()');
    return { at: new Date(mark.at), walFile: mark.wal, tables: sums };
  } finally {
    await a.end().catch(() => undefined);
    await b.end().catch(() => undefined);
  }
}

async function waitArchived(ctx: StepContext, node: string, walFile: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await ctx.query<{ done: boolean; failed: string | null }>(node, 'postgres', 'SELECT coalesce(last_archived_wal >= $1, false) AS done, last_failed_wal AS failed FROM pg_stat_archiver', [walFile]);
    if (row?.done) return;
    if (Date.now() > deadline) throw new Error(`${walFile} was not archived within ${timeoutMs / 1000} s${row?.failed ? ` (archiving fails: last failed WAL ${row.failed})` : ''}`);
    await sleep(250);
  }
}

/** The restore drill: see drillPlan. Every step's outcome is in the report, and the scratch cluster never stays. */
export async function runDrill(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'run-drill');
  const s = p.scratch;
  const report: DrillReport = { restorePoint: p.restorePoint, restoreSeconds: null, recoveryPointAgeSeconds: null, tables: [], verified: false, failedStep: null, error: null };
  let stage = 'mark the recovery point on the source';
  try {
    const source = await markRecoveryPoint(ctx, step.node, p.database, p.restorePoint);
    stage = 'archive the WAL up to the recovery point';
    await waitArchived(ctx, step.node, source.walFile);
    stage = 'restore the latest backup to the recovery point';
    const started = Date.now();
    await prepareScratch(ctx, s);
    await runLogged(ctx, p.restoreArgv, 'pgbackrest restore');
    stage = 'start the restored copy and finish recovery';
    await startScratch(ctx, s);
    await waitPromoted(ctx, s);
    report.restoreSeconds = (Date.now() - started) / 1000;
    stage = 'pgbackrest verify';
    await runLogged(ctx, p.verifyArgv, 'pgbackrest verify');
    report.verified = true;
    stage = 'compare every table with the source at the recovery point';
    for (const t of source.tables) {
      const [rows = '0', md5 = ''] = (await scratchSql(ctx, s, p.database, checksumSql(t.name))).split('|');
      const matched = Number(rows) === t.rows && md5 === t.md5;
      report.tables.push({ name: t.name, matched, rows: t.rows, ...(Number(rows) !== t.rows ? { restoredRows: Number(rows) } : {}) });
      ctx.log(matched ? 'info' : 'stderr', `${t.name}: ${t.rows} rows, ${matched ? 'matches' : `differs (copy has ${rows} rows, md5 ${md5} ≠ ${t.md5})`}`);
    }
    if (source.tables.some((t) => t.name === HEARTBEAT_TABLE)) {
      const newest = await scratchSql(ctx, s, p.database, `SELECT coalesce(extract(epoch FROM max(sent_at))::text, '') FROM public.${quoteIdent(HEARTBEAT_TABLE)}`);
      if (newest) report.recoveryPointAgeSeconds = Math.max(0, source.at.getTime() / 1000 - Number(newest));
    }
    const differing = report.tables.filter((t) => !t.matched).map((t) => t.name);
    if (differing.length > 0) throw new Error(`the restored copy differs from the source at the recovery point in ${differing.join(', ')}`);
    return 'changed';
  } catch (err) {
    report.failedStep = stage;
    report.error = (err as Error).message;
    throw new Error(`restore drill failed at "${stage}": ${(err as Error).message}`, { cause: err });
  } finally {
    await removeScratch(ctx, s);
    await ctx.report(report);
  }
}
