import { NODE_SEARCH_PATH } from '@/lib/postgres/node-connection';
import { scramVerifier } from '@/lib/postgres/scram';
import { createAdminRoleSql } from '@/lib/postgres/sql';
import { HostError } from '@/lib/hosts/host-error';
import { adminRoleDifference } from '@/lib/objects/role';
import { service } from '@/lib/objects/service';
import { jobNodeIo } from './object-handler';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { exists, logTail, runAll } from './shared';

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

// Like every session the panel opens (node-connection.ts): only pg_catalog and public resolve names.
const PIN_SEARCH_PATH = `SET search_path = ${NODE_SEARCH_PATH};\n`;

/** Debian/Ubuntu: the panel's superuser, made over the local socket as postgres (peer authentication). */
export async function createAdminRole(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-admin-role');
  const password = ctx.secrets[p.secret] ?? '';
  const psql = ['psql', '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'];
  const read = await ctx.executor.run(psql, {
    asPostgres: true,
    stdin: `${PIN_SEARCH_PATH}SELECT rolpassword FROM pg_authid WHERE rolname = '${p.role}' AND rolsuper AND rolcanlogin;\n`,
  });
  const found = read.stdout.trim();
  // The same difference drift reports; over the socket, as the role may not exist yet.
  const why = adminRoleDifference(found ? { rolpassword: found, ok: true } : undefined, password);
  if (!why) return 'unchanged';
  ctx.log('info', `${found ? 'change' : 'create'}: role ${p.role} ${why}`);
  // A verifier, not the password, goes to the server.
  await ctx.executor.run(psql, {
    asPostgres: true,
    stdin: PIN_SEARCH_PATH + createAdminRoleSql(p.role, scramVerifier(password)),
  });
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

/**
 * Start the node, or reload it when its configuration changed, or restart it when a setting waits for one: what
 * the service module's diff says, plus a reload when this job rewrote the node's pg_hba.conf.
 */
export async function ensureRunning(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'ensure-running');
  const { service: commands } = p;
  const change = service.diff(p, await service.read(jobNodeIo(ctx, step.node), p), ctx.secrets);
  if (change?.action === 'create') {
    for (let attempt = 1; ; attempt++) {
      try {
        ctx.log('info', `create: ${change.reason}`);
        await runAll(ctx, change.commands);
        return 'changed';
      } catch (err) {
        const tail = await logTail(ctx, commands.logFile);
        // A port inside the kernel's ephemeral range can be held for a moment by an outgoing connection: try again.
        if (attempt < 4 && /could not create listen socket|Address already in use/.test(tail.split('\n').slice(-4).join('\n'))) {
          ctx.log('info', `${step.node}: port ${p.port} is briefly taken by another socket; retrying the start (${attempt}/3)`);
          await sleep(1000 * attempt);
          continue;
        }
        if (err instanceof HostError) throw new HostError(`${step.node} did not start: ${tail.split('\n').slice(-3).join(' ') || err.message}`, err.command, err.exitCode, `${err.stderr}\n${tail}`.trim());
        throw err;
      }
    }
  }
  // A file this job rewrote (pg_hba.conf, the settings, ALTER SYSTEM RESET) is loaded first: only then does
  // PostgreSQL say which of its settings still wait for a restart.
  const configChanged = ['write-pg-hba', 'set-settings'].some((k) => ctx.statusOf(`${step.node}/${k}`) === 'changed');
  const reload = configChanged || (change !== null && change.reason.startsWith('reload'));
  if (reload) {
    ctx.log('info', `reload: ${change?.reason ?? `${step.node}'s configuration files changed`}`);
    await reloadAndWait(ctx, step.node);
  }
  const errors = await hbaErrors(ctx, step.node);
  if (errors.length > 0) throw new Error(`${step.node}'s pg_hba.conf has errors: ${errors.join('; ')}`);
  const after = service.diff(p, await service.read(jobNodeIo(ctx, step.node), p), ctx.secrets);
  if (after?.action === 'change' && after.reason.startsWith('restart')) {
    ctx.log('info', `change: ${after.reason}`);
    await runAll(ctx, after.commands);
    return 'changed';
  }
  if (after) throw new Error(`${step.node}: after the reload, ${after.reason}`);
  return reload ? 'changed' : 'unchanged';
}
