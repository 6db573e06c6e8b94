import { scramMatches, scramVerifier } from '@/lib/postgres/scram';
import { createAdminRoleSql } from '@/lib/postgres/sql';
import { renderHbaBlock, withHbaBlock } from '@/lib/postgres/pg-hba';
import { renderSettingsFile } from '@/lib/postgres/settings';
import { HostError } from '@/lib/hosts/host-error';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { exists, isRunning, logTail, runAll } from './shared';

export async function initCluster(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'init-cluster');
  const version = await ctx.executor.readFile(`${p.dataDir}/PG_VERSION`);
  if (version !== null) {
    if (version.trim() !== String(ctx.topology.postgresVersion)) {
      throw new Error(
        `${p.dataDir} holds a PostgreSQL ${version.trim()} cluster, not ${ctx.topology.postgresVersion}: remove the cluster (Destroy) or choose another version`,
      );
    }
    return 'unchanged';
  }
  if (await exists(ctx, p.dataDir)) {
    const listing = await ctx.executor.run(['ls', '-A', p.dataDir], { allowFailure: true });
    if (listing.stdout.trim() !== '')
      throw new Error(
        `directory ${p.dataDir} exists but is not empty and holds no cluster: move it away, then Retry`,
      );
  }
  const pwfile = step.commands.find((c) => c.type === 'file');
  try {
    await runAll(ctx, step.commands);
  } finally {
    // The password file must not outlive initdb, even when initdb fails.
    if (pwfile?.type === 'file') await ctx.executor.run(['rm', '-f', pwfile.path], { allowFailure: true });
  }
  return 'changed';
}

export async function setSettings(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'set-settings');
  const conf = await ctx.executor.readFile(p.mainConf);
  if (conf === null) throw new Error(`${p.mainConf} does not exist: the cluster of ${step.node} is missing`);
  const current = await ctx.executor.readFile(p.path);
  const dirsOk = await Promise.all(p.dirs.map((d) => exists(ctx, d)));
  if (
    current === renderSettingsFile(p.settings) &&
    conf.split('\n').includes(p.includeLine) &&
    dirsOk.every(Boolean)
  )
    return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}

/** Debian/Ubuntu: install postgresql-<v> when the host lacks it. */
export async function installPostgres(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'install-postgres');
  if (await exists(ctx, `/usr/lib/postgresql/${p.version}/bin/postgres`)) return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}

/** Debian/Ubuntu: create <v>/main with pg_createcluster when the host has no such cluster. */
export async function createCluster(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-cluster');
  if (await exists(ctx, `/etc/postgresql/${p.version}/main/postgresql.conf`)) return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}

/** Debian/Ubuntu: the panel's superuser, made over the local socket as postgres (peer authentication). */
export async function createAdminRole(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-admin-role');
  const password = ctx.secrets[p.secret] ?? '';
  const psql = ['psql', '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'];
  const read = await ctx.executor.run(psql, {
    asPostgres: true,
    stdin: `SELECT rolpassword FROM pg_authid WHERE rolname = '${p.role}' AND rolsuper AND rolcanlogin;\n`,
  });
  if (scramMatches(read.stdout.trim() || null, password)) return 'unchanged';
  // A verifier, not the password, goes to the server.
  await ctx.executor.run(psql, {
    asPostgres: true,
    stdin: createAdminRoleSql(p.role, scramVerifier(password)),
  });
  return 'changed';
}

export async function writePgHba(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'write-pg-hba');
  const existing = await ctx.executor.readFile(p.path);
  if (existing === null) throw new Error(`${p.path} does not exist: the cluster of ${step.node} is missing`);
  const next = withHbaBlock(existing, renderHbaBlock(p.rules));
  if (next === existing) return 'unchanged';
  await ctx.executor.writeFile(p.path, next, { mode: 0o600, asPostgres: true });
  ctx.log('info', `pg_hba.conf: managed block now has ${p.rules.length} rule(s)`);
  return 'changed';
}

async function reloadAndWait(ctx: StepContext, node: string): Promise<void> {
  const [before] = await ctx.query<{ t: string }>(node, 'postgres', 'SELECT pg_conf_load_time()::text AS t');
  await ctx.query(node, 'postgres', 'SELECT pg_reload_conf()');
  for (let i = 0; i < 50; i++) {
    await ctx.disconnect(node); // a new backend sees the reloaded configuration
    const [after] = await ctx.query<{ t: string }>(node, 'postgres', 'SELECT pg_conf_load_time()::text AS t');
    if (after?.t !== before?.t) return;
    await sleep(100);
  }
  throw new Error(`${node} did not reload its configuration within 5 s`);
}

async function hbaErrors(ctx: StepContext, node: string): Promise<string[]> {
  const rows = await ctx.query<{ line_number: number; error: string }>(
    node,
    'postgres',
    'SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL',
  );
  return rows.map((r) => `pg_hba.conf line ${r.line_number}: ${r.error}`);
}

/** Start the node, or reload it after a settings change and restart only when a changed setting needs it. */
export async function ensureRunning(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'ensure-running');
  const { service } = p;
  if (!(await isRunning(ctx, service))) {
    for (let attempt = 1; ; attempt++) {
      try {
        await runAll(ctx, step.commands);
        return 'changed';
      } catch (err) {
        const tail = await logTail(ctx, service.logFile);
        // A port inside the kernel's ephemeral range can be held for a moment by an outgoing connection: try again.
        if (
          attempt < 4 &&
          /could not create listen socket|Address already in use/.test(tail.split('\n').slice(-4).join('\n'))
        ) {
          ctx.log(
            'info',
            `${step.node}: port ${p.port} is briefly taken by another socket; retrying the start (${attempt}/3)`,
          );
          await sleep(1000 * attempt);
          continue;
        }
        if (err instanceof HostError)
          throw new HostError(
            `${step.node} did not start: ${tail.split('\n').slice(-3).join(' ') || err.message}`,
            err.command,
            err.exitCode,
            `${err.stderr}\n${tail}`.trim(),
          );
        throw err;
      }
    }
  }
  const configChanged = ['set-settings', 'write-pg-hba'].some(
    (k) => ctx.statusOf(`${step.node}/${k}`) === 'changed',
  );
  if (configChanged) await reloadAndWait(ctx, step.node);
  const errors = await hbaErrors(ctx, step.node);
  if (errors.length > 0) throw new Error(`${step.node}'s pg_hba.conf has errors: ${errors.join('; ')}`);
  const pending = await ctx.query<{ name: string }>(
    step.node,
    'postgres',
    'SELECT name FROM pg_settings WHERE pending_restart ORDER BY name',
  );
  if (pending.length === 0) return configChanged ? 'changed' : 'unchanged';
  ctx.log('info', `restarting ${step.node}: ${pending.map((r) => r.name).join(', ')} need a restart`);
  await ctx.disconnect(step.node);
  await ctx.executor.run(service.restart, {
    asPostgres: service.asPostgres,
    onOutput: (stream, text) => ctx.log(stream, text),
  });
  return 'changed';
}
