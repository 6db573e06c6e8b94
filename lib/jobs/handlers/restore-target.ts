import type { Step } from '@/lib/plan/types';
import { PreflightError, type StepContext, type StepResult } from '../step-context';
import { paramsOf } from './params';
import { exists, isRunning } from './shared';
import { prepareScratch, removeScratch, runLogged, scratchSql, startScratch, waitPromoted, waitRecoveryEnd } from './scratch';

// What pgBackRest writes into postgresql.auto.conf for the recovery: gone once it promoted, so that no later start
// of the server (or a clone of it) recovers to the same point again.
const RECOVERY_SETTINGS = ['restore_command', 'recovery_target', 'recovery_target_time', 'recovery_target_name', 'recovery_target_action', 'recovery_target_inclusive', 'recovery_target_timeline', 'recovery_target_xid', 'recovery_target_lsn'];

/**
 * Restore into a new standalone node, start it on its port and address, wait for recovery to end (promoted), and
 * make its own settings last (ALTER SYSTEM): a plain `pg_ctl start` later still never archives or follows anyone.
 */
export async function restoreNode(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'restore-node');
  const s = p.restored;
  const started = Date.now();
  // Checked at the request already; again here, since something may have taken them since.
  if (await exists(ctx, s.dir)) throw new PreflightError(`${s.dir} already exists on ${s.host}: give the restored node another name, or remove it first`);
  const probe = await ctx.executor.run(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/$0', String(s.port)], { allowFailure: true });
  if (probe.exitCode === 0) throw new PreflightError(`port ${s.port} on ${s.host} is already in use: choose another port or stop what listens there (ss -ltnp 'sport = :${s.port}')`);
  try {
    await prepareScratch(ctx, s);
    await runLogged(ctx, p.restoreArgv, 'pgbackrest restore');
    await startScratch(ctx, s, { listen: s.listen, hba: [`host all ${s.user} 127.0.0.1/32 scram-sha-256`] });
    const point = await waitPromoted(ctx, s);
    const settings: [string, string][] = [
      ['port', String(s.port)],
      ['listen_addresses', s.listen],
      ['unix_socket_directories', s.socketDir],
      ['archive_mode', 'off'],
      ['primary_conninfo', ''],
      ['primary_slot_name', ''],
    ];
    for (const [name, value] of settings) await scratchSql(ctx, s, 'postgres', `ALTER SYSTEM SET ${name} = '${value.replace(/'/g, "''")}'`);
    for (const name of RECOVERY_SETTINGS) await scratchSql(ctx, s, 'postgres', `ALTER SYSTEM RESET ${name}`);
    ctx.log('info', `${s.name} keeps its port, addresses and archive_mode=off in its postgresql.auto.conf`);
    // Its pg_hba.conf (written, on SSH hosts) lets in the postgres user's socket and TCP from the host itself only.
    const connect = s.writeConfig
      ? `on ${s.host}: psql "host=127.0.0.1 port=${s.port} dbname=${s.database} user=${s.user}" (add a pg_hba.conf line in ${s.dataDir} to reach it from elsewhere)`
      : `psql "host=${s.host} port=${s.port} dbname=${s.database} user=${s.user}"`;
    await ctx.report({
      ...point,
      target: p.target,
      name: s.name,
      host: s.host,
      port: s.port,
      dataDir: s.dataDir,
      socketDir: s.socketDir,
      logFile: s.logFile,
      connect,
      password: "the cluster's superuser password",
      stop: `${s.binDir}/pg_ctl -D ${s.dataDir} stop`,
      adopt: `POST /api/clusters/import with { "nodes": [ { "name": "${s.name}", "port": ${s.port}, "dataDir": "${s.dataDir}" } ], "login": { "user": "${s.user}", … } } to manage it`,
      seconds: (Date.now() - started) / 1000,
    });
    return 'changed';
  } catch (err) {
    // A half-restored node is of no use to anyone (the folder did not exist before this step).
    await removeScratch(ctx, s);
    throw err;
  }
}

async function fileSize(ctx: StepContext, file: string): Promise<number> {
  const r = await ctx.executor.run(['stat', '-c', '%s', file], { allowFailure: true });
  return r.exitCode === 0 ? Number(r.stdout.trim()) || 0 : 0;
}

/**
 * The backup node restored over itself: stop it, `pgbackrest restore --delta` to the target, put back its own
 * configuration files, start it, wait until recovery ended (promoted) and report the point and what must follow.
 */
export async function restoreInPlace(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'restore-in-place');
  const node = step.node;
  const started = Date.now();
  const kept = new Map<string, string>();
  for (const file of p.keepFiles) {
    const content = await ctx.executor.readFile(file);
    if (content !== null) kept.set(file, content);
  }
  await ctx.disconnect(node);
  if (await isRunning(ctx, p.service)) await runLogged(ctx, p.service.stop, `stopping ${node}`, p.service.asPostgres);
  try {
    await runLogged(ctx, p.restoreArgv, 'pgbackrest restore');
    for (const [file, content] of kept) {
      ctx.log('info', `write ${file} (as it was before the restore)`);
      await ctx.executor.writeFile(file, content, { mode: 0o600, asPostgres: true });
    }
  } catch (err) {
    throw new Error(`${(err as Error).message}; ${node} is stopped and its data directory ${p.dataDir} may be half restored: retry the job (a --delta restore starts over)`, { cause: err });
  }
  const logFrom = await fileSize(ctx, p.service.logFile);
  await runLogged(ctx, p.service.start, `starting ${node}`, p.service.asPostgres);
  const sql = async (text: string) => (await ctx.query(node, 'postgres', text)).map((row) => Object.values(row).map((v) => (typeof v === 'boolean' ? (v ? 't' : 'f') : String(v ?? ''))).join('|')).join('\n');
  const log = async () => (await ctx.executor.run(['tail', '-c', `+${logFrom + 1}`, p.service.logFile], { allowFailure: true })).stdout;
  const point = await waitRecoveryEnd(ctx, { sql, log, where: p.service.logFile });
  for (const name of RECOVERY_SETTINGS) await ctx.query(node, 'postgres', `ALTER SYSTEM RESET ${name}`);
  for (const line of p.afterwards) ctx.log('info', `next: ${line}`);
  await ctx.report({ ...point, target: p.target, node, dataDir: p.dataDir, afterwards: p.afterwards, seconds: (Date.now() - started) / 1000 });
  return 'changed';
}
