import { scramMatches, scramVerifier } from '@/lib/postgres/scram';
import {
  alterReplicationRoleSql,
  createDatabaseSql,
  createPhysicalSlotSql,
  createPublicationSql,
  createMonitorRoleSql,
  createReplicationRoleSql,
  grantSelectSql,
  setPublicationTablesSql,
} from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';
import { runAll } from './shared';

interface RoleRow extends Record<string, unknown> {
  rolpassword: string | null;
  rolcanlogin: boolean;
  rolreplication: boolean;
  rolsuper: boolean;
}

export async function createRole(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-role');
  const password = ctx.secrets[p.secret];
  if (!password) throw new Error(`secret ${p.secret} is missing for this cluster`);
  const read = () =>
    ctx.query<RoleRow>(
      step.node,
      'postgres',
      'SELECT rolpassword, rolcanlogin, rolreplication, rolsuper FROM pg_authid WHERE rolname = $1',
      [p.role],
    );
  const [role] = await read();
  const ok = (r: RoleRow | undefined) =>
    !!r && r.rolcanlogin && r.rolreplication && !r.rolsuper && scramMatches(r.rolpassword, password);
  if (ok(role)) return 'unchanged';
  // Send a SCRAM verifier, not the password: it never appears in server logs or pg_stat_activity.
  const verifier = scramVerifier(password);
  await ctx.query(
    step.node,
    'postgres',
    role ? alterReplicationRoleSql(p.role, verifier) : createReplicationRoleSql(p.role, verifier),
  );
  if (!ok((await read())[0]))
    throw new Error(`role ${p.role} on ${step.node} does not have the expected attributes after the change`);
  return 'changed';
}

export async function createDatabase(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-database');
  const found = await ctx.query(step.node, 'postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [
    p.database,
  ]);
  if (found.length > 0) return 'unchanged';
  await ctx.query(step.node, 'postgres', createDatabaseSql(p.database));
  return 'changed';
}

export async function createTable(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-table');
  const [row] = await ctx.query<{ oid: string | null }>(
    step.node,
    p.database,
    'SELECT to_regclass($1)::text AS oid',
    [`public."${p.table}"`],
  );
  if (row?.oid) return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}

export async function grantSelect(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'grant-select');
  const rows = await ctx.query<{ ok: boolean }>(
    step.node,
    p.database,
    `SELECT bool_and(has_table_privilege($1, format('public.%I', t), 'SELECT')) AND has_schema_privilege($1, 'public', 'USAGE') AS ok FROM unnest($2::text[]) AS t`,
    [p.role, p.tables],
  );
  if (rows[0]?.ok) return 'unchanged';
  await ctx.query(step.node, p.database, grantSelectSql(p.tables, p.role));
  return 'changed';
}

export async function createPublication(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-publication');
  const exists = await ctx.query(step.node, p.database, 'SELECT 1 FROM pg_publication WHERE pubname = $1', [
    p.publication,
  ]);
  if (exists.length === 0) {
    await ctx.query(step.node, p.database, createPublicationSql(p.publication, p.tables, p.originFilter));
    return 'changed';
  }
  const rows = await ctx.query<{ tablename: string }>(
    step.node,
    p.database,
    "SELECT tablename FROM pg_publication_tables WHERE pubname = $1 AND schemaname = 'public'",
    [p.publication],
  );
  const live = rows.map((r) => r.tablename).sort();
  if (JSON.stringify(live) === JSON.stringify([...p.tables].sort())) return 'unchanged';
  ctx.log(
    'info',
    `publication ${p.publication} had tables [${live.join(', ')}]; setting [${p.tables.join(', ')}]`,
  );
  await ctx.query(step.node, p.database, setPublicationTablesSql(p.publication, p.tables, p.originFilter));
  return 'changed';
}

export async function createHeartbeat(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-heartbeat');
  const [row] = await ctx.query<{ ok: boolean }>(
    step.node,
    p.database,
    "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'pgcascade_heartbeat_arrival' AND tgrelid = to_regclass('public.pgcascade_heartbeat') AND tgenabled = 'A') AS ok",
  );
  if (row?.ok) return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}

export async function createPhysicalSlot(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-physical-slot');
  const [slot] = await ctx.query<{ slot_type: string }>(
    step.node,
    'postgres',
    'SELECT slot_type FROM pg_replication_slots WHERE slot_name = $1',
    [p.slot],
  );
  if (slot?.slot_type === 'physical') return 'unchanged';
  if (slot)
    throw new Error(
      `slot ${p.slot} on ${step.node} exists but is a ${slot.slot_type} slot: drop it or choose another slot name`,
    );
  await ctx.query(step.node, 'postgres', createPhysicalSlotSql(p.slot));
  return 'changed';
}

export async function createMonitorRole(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-monitor-role');
  const password = ctx.secrets[p.secret];
  if (!password) throw new Error(`secret ${p.secret} is missing for this cluster`);
  const read = () =>
    ctx.query<{ rolpassword: string | null; ok: boolean }>(
      step.node,
      p.database,
      `SELECT a.rolpassword, a.rolcanlogin AND NOT a.rolsuper AND pg_has_role(a.oid, 'pg_monitor', 'MEMBER')
              AND has_table_privilege(a.oid, 'public.pgcascade_heartbeat', 'INSERT, UPDATE, SELECT') AS ok
         FROM pg_authid a WHERE a.rolname = $1`,
      [p.role],
    );
  const [role] = await read();
  if (role?.ok && scramMatches(role.rolpassword, password)) return 'unchanged';
  for (const statement of createMonitorRoleSql(p.role, scramVerifier(password), !!role).split(';\n'))
    await ctx.query(step.node, p.database, statement);
  const [after] = await read();
  if (!after?.ok)
    throw new Error(
      `role ${p.role} on ${step.node} lacks pg_monitor or the heartbeat grants after the change`,
    );
  return 'changed';
}

export async function createWriteGuard(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'create-write-guard');
  const [row] = await ctx.query<{ ok: boolean }>(
    step.node,
    p.database,
    "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'pgcascade_write_guard' AND tgrelid = to_regclass($1) AND tgenabled = 'O') AS ok",
    [`public.${p.table}`],
  );
  if (row?.ok) return 'unchanged';
  await runAll(ctx, step.commands);
  return 'changed';
}
