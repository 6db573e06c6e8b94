import type { ScratchCluster } from '@/lib/plan/types';
import { HostError } from '@/lib/hosts/host-error';
import type { StepContext } from '../step-context';
import { sleep } from './params';

const LONG_MS = 12 * 60 * 60_000;

/** Run a command (logged, its output in the job log) and fail with its last error lines. */
export async function runLogged(ctx: StepContext, argv: string[], what: string, asPostgres = true): Promise<string> {
  ctx.throwIfCancelled();
  ctx.log('info', `$ ${argv.join(' ')}`);
  const r = await ctx.executor.run(argv, { asPostgres, timeoutMs: LONG_MS, onOutput: (stream, text) => ctx.log(stream, text), allowFailure: true });
  if (r.exitCode !== 0) {
    const last = (r.stderr.trim() || r.stdout.trim()).split('\n').filter((l) => /ERROR|FATAL|error/.test(l)).slice(-3).join('\n');
    throw new HostError(`${what} failed with exit code ${r.exitCode}${last ? `: ${last}` : ''}`, argv.join(' '), r.exitCode, r.stderr || r.stdout);
  }
  return r.stdout;
}

/** The empty folders of a scratch cluster, owned by the clusters' OS user. */
export async function prepareScratch(ctx: StepContext, s: ScratchCluster): Promise<void> {
  const owner = s.runAs ? ['-o', s.runAs, '-g', s.runAs] : [];
  for (const dir of [s.dir, s.dataDir, s.socketDir]) await runLogged(ctx, ['install', '-d', ...owner, '-m', '0700', dir], `creating ${dir}`, false);
}

// Recovery with hot_standby refuses to start below the values the source ran with; pg_control keeps them.
const HOT_STANDBY_SETTINGS: Record<string, string> = {
  max_connections: 'max_connections setting',
  max_worker_processes: 'max_worker_processes setting',
  max_wal_senders: 'max_wal_senders setting',
  max_prepared_transactions: 'max_prepared_xacts setting',
  max_locks_per_transaction: 'max_locks_per_xact setting',
};

/** The minimal configuration of a copy restored from a Debian node, whose configuration lived outside its data directory. */
export function scratchConfig(controldata: string): string {
  const lines = ['# pgcascade: a scratch copy restored by pgBackRest (the node kept its configuration in /etc/postgresql).'];
  for (const [setting, label] of Object.entries(HOT_STANDBY_SETTINGS)) {
    const value = new RegExp(`^${label}:\\s*(\\d+)`, 'm').exec(controldata)?.[1];
    if (value) lines.push(`${setting} = ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

async function writeScratchConfig(ctx: StepContext, s: ScratchCluster, hba: string[]): Promise<void> {
  const argv = [`${s.binDir}/pg_controldata`, '-D', s.dataDir];
  const r = await ctx.executor.run(argv, { asPostgres: true, allowFailure: true });
  if (r.exitCode !== 0) throw new HostError(`pg_controldata of the restored copy failed with exit code ${r.exitCode}`, argv.join(' '), r.exitCode, r.stderr);
  const controldata = r.stdout;
  const files: [string, string][] = [
    ['postgresql.conf', scratchConfig(controldata)],
    // Only the postgres OS user, over the copy's own socket.
    ['pg_hba.conf', ['local all postgres peer', ...hba, ''].join('\n')],
    ['pg_ident.conf', ''],
  ];
  for (const [name, content] of files) {
    ctx.log('info', `write ${s.dataDir}/${name}`);
    await ctx.executor.writeFile(`${s.dataDir}/${name}`, content, { mode: 0o600, asPostgres: true });
  }
}

/**
 * Start the restored copy on its own port and socket, never archiving, never following an upstream: whatever the
 * restored configuration files say. A scratch cluster takes no TCP at all; a restored node listens on `listen`
 * (with `hba`, the lines of a written pg_hba.conf besides the postgres user's own socket).
 */
export async function startScratch(ctx: StepContext, s: ScratchCluster, options: { listen?: string; hba?: string[] } = {}): Promise<void> {
  if (s.writeConfig) await writeScratchConfig(ctx, s, options.hba ?? []);
  const flags = `-p ${s.port} -c listen_addresses='${options.listen ?? ''}' -c unix_socket_directories='${s.socketDir}' -c archive_mode=off -c primary_conninfo='' -c primary_slot_name='' -c hot_standby=on`;
  try {
    await runLogged(ctx, [`${s.binDir}/pg_ctl`, '-D', s.dataDir, '-l', s.logFile, '-w', '-t', '600', '-o', flags, 'start'], 'starting the scratch cluster');
  } catch (err) {
    // The folder goes away with the failure: its server log is the only explanation, so it goes into the error.
    const log = ((await ctx.executor.readFile(s.logFile).catch(() => null)) ?? '').trim().split('\n').slice(-8).join('\n');
    if (log) ctx.log('stderr', log);
    throw new Error(`${(err as Error).message}${log ? `; its server log ends with:\n${log}` : ''}`, { cause: err });
  }
}

/** SQL on the scratch cluster through its socket, as postgres: rows as `|`-separated lines. */
export async function scratchSql(ctx: StepContext, s: ScratchCluster, database: string, sql: string): Promise<string> {
  const r = await ctx.executor.run([`${s.binDir}/psql`, '-h', s.socketDir, '-p', String(s.port), '-U', 'postgres', '-d', database, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { asPostgres: true, allowFailure: true, timeoutMs: LONG_MS });
  if (r.exitCode !== 0) throw new HostError(`scratch cluster: ${r.stderr.trim().split('\n').slice(-1)[0] ?? 'psql failed'}`, `psql -c ${sql}`, r.exitCode, r.stderr);
  return r.stdout.trim();
}

export interface PointReached {
  /** The last transaction recovery replayed (its commit time), the LSN it stopped at, and PostgreSQL's own words. */
  reachedAt: string | null;
  lsn: string;
  recoveryStop: string | null;
}

/** How to ask a server whether recovery ended: SQL as rows of `|`-separated values, and its server log since it started. */
export interface RecoveryProbe {
  sql(text: string): Promise<string>;
  log(): Promise<string>;
  /** Named in the timeout's message: where to look. */
  where: string;
}

/** Wait until recovery has ended (the server promoted itself) and say where it stopped. */
export async function waitRecoveryEnd(ctx: StepContext, probe: RecoveryProbe, timeoutMs = 30 * 60_000): Promise<PointReached> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    ctx.throwIfCancelled();
    const inRecovery = await probe.sql('SELECT pg_is_in_recovery()').catch(() => 't');
    if (inRecovery === 'f') break;
    if (Date.now() > deadline) throw new Error(`the server was still in recovery after ${Math.round(timeoutMs / 1000)} s; see ${probe.where}`);
    await sleep(250);
  }
  const [at = '', lsn = ''] = (await probe.sql("SELECT coalesce(to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), ''), pg_current_wal_lsn()")).split('|');
  const log = await probe.log().catch(() => '');
  const stop = log.split('\n').filter((l) => /recovery stopping|last completed transaction|recovery has paused|redo done|selected new timeline/.test(l)).map((l) => l.replace(/^.*?LOG:\s*/, ''));
  const point = { reachedAt: at || null, lsn, recoveryStop: stop.length > 0 ? stop.join('; ') : null };
  ctx.log('info', `recovery ended at ${point.lsn}${point.reachedAt ? `, last transaction ${point.reachedAt}` : ''}${point.recoveryStop ? ` (${point.recoveryStop})` : ''}`);
  return point;
}

/** Wait until the scratch cluster's recovery has ended and say where it stopped. */
export function waitPromoted(ctx: StepContext, s: ScratchCluster, timeoutMs?: number): Promise<PointReached> {
  const probe = { sql: (text: string) => scratchSql(ctx, s, 'postgres', text), log: async () => (await ctx.executor.readFile(s.logFile).catch(() => null)) ?? '', where: s.logFile };
  return waitRecoveryEnd(ctx, probe, timeoutMs);
}

/** Stop and delete a scratch cluster; never throws (it runs in `finally`). */
export async function removeScratch(ctx: StepContext, s: ScratchCluster): Promise<void> {
  await ctx.executor.run([`${s.binDir}/pg_ctl`, '-D', s.dataDir, '-m', 'immediate', '-w', 'stop'], { asPostgres: true, allowFailure: true }).catch(() => undefined);
  await ctx.executor.run(['rm', '-rf', '--one-file-system', s.dir], { allowFailure: true }).catch(() => undefined);
  ctx.log('info', `removed the scratch cluster ${s.dir}`);
}
