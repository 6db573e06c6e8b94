import { LOGICAL_ROLE, MONITOR_ROLE, PHYSICAL_ROLE, scramRef, type SecretName } from '@/lib/postgres/roles';
import { scramMatches } from '@/lib/postgres/scram';
import { quoteIdent } from '@/lib/postgres/quote';
import { alterReplicationRoleSql, createMonitorRoleSql, createReplicationRoleSql, HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { Topology } from '@/lib/topology/schema';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type Change } from './object';

const ROLE_SECRETS: Record<string, SecretName> = { [LOGICAL_ROLE]: 'logical_password', [PHYSICAL_ROLE]: 'physical_password' };

export function replicationRoleStep(node: string, role: typeof LOGICAL_ROLE | typeof PHYSICAL_ROLE): Step {
  const secret = ROLE_SECRETS[role] as SecretName;
  const purpose = role === LOGICAL_ROLE ? 'subscribers' : 'standbys';
  return {
    id: `${node}/create-role/${role}`,
    node,
    kind: 'create-role',
    summary: `Create the replication role ${role} for ${purpose} (not a superuser, generated password)`,
    commands: [sqlCommand('postgres', createReplicationRoleSql(role, scramRef(secret)))],
    params: { kind: 'create-role', role, secret },
  };
}

interface LiveRole {
  rolpassword: string | null;
  rolcanlogin: boolean;
  rolreplication: boolean;
  rolsuper: boolean;
}

const attributes = (r: LiveRole) => `${r.rolcanlogin ? '' : 'NO'}LOGIN ${r.rolreplication ? '' : 'NO'}REPLICATION ${r.rolsuper ? '' : 'NO'}SUPERUSER`;

export const replicationRole = objectModule<'create-role', LiveRole | null>({
  kind: 'create-role',
  async read(io, p) {
    return (await io.query<LiveRole & Record<string, unknown>>('postgres', 'SELECT rolpassword, rolcanlogin, rolreplication, rolsuper FROM pg_authid WHERE rolname = $1', [p.role]))[0] ?? null;
  },
  diff(p, live, secrets): Change | null {
    const expected = 'LOGIN REPLICATION NOSUPERUSER';
    const password = scramRef(p.secret as SecretName);
    if (!live) return { action: 'create', reason: `role ${p.role} is missing`, commands: [sqlCommand('postgres', createReplicationRoleSql(p.role, password))], expected, actual: 'missing' };
    const reasons: string[] = [];
    if (attributes(live) !== expected) reasons.push(`is ${attributes(live)}, should be ${expected}`);
    const secret = secrets[p.secret];
    if (secret !== undefined && !scramMatches(live.rolpassword, secret)) reasons.push("its password is not the cluster's");
    if (reasons.length === 0) return null;
    return { action: 'change', reason: `role ${p.role} ${reasons.join('; ')}`, commands: [sqlCommand('postgres', alterReplicationRoleSql(p.role, password))], expected, actual: attributes(live) };
  },
});

/** The sampler's least-privilege role (pg_monitor), after the heartbeat table it may write. */
export function monitorRoleStep(t: Topology, node: string): Step {
  return {
    id: `${node}/create-monitor-role`,
    node,
    kind: 'create-monitor-role',
    summary: `Create the monitoring role ${MONITOR_ROLE} (pg_monitor, writes heartbeats; not a superuser)`,
    commands: monitorCommands(t.database, false),
    params: { kind: 'create-monitor-role', database: t.database, role: MONITOR_ROLE, secret: 'monitor_password' },
  };
}

const monitorCommands = (database: string, exists: boolean) =>
  createMonitorRoleSql(MONITOR_ROLE, scramRef('monitor_password'), exists)
    .split(';\n')
    .map((sql) => sqlCommand(database, sql));

interface LiveMonitor {
  rolpassword: string | null;
  ok: boolean;
}

export const monitorRole = objectModule<'create-monitor-role', LiveMonitor | null>({
  kind: 'create-monitor-role',
  async read(io, p) {
    const [row] = await io.query<LiveMonitor & Record<string, unknown>>(
      p.database,
      `SELECT a.rolpassword, a.rolcanlogin AND NOT a.rolsuper AND pg_has_role(a.oid, 'pg_monitor', 'MEMBER')
              AND coalesce(has_table_privilege(a.oid, to_regclass('public.${HEARTBEAT_TABLE}'), 'INSERT, UPDATE, SELECT'), false) AS ok
         FROM pg_authid a WHERE a.rolname = $1`,
      [p.role],
    );
    return row ?? null;
  },
  diff(p, live, secrets): Change | null {
    const expected = `LOGIN NOSUPERUSER, in pg_monitor, writes ${HEARTBEAT_TABLE}`;
    if (!live) return { action: 'create', reason: `role ${p.role} is missing`, commands: monitorCommands(p.database, false), expected, actual: 'missing' };
    const reasons: string[] = [];
    if (!live.ok) reasons.push(`lacks LOGIN, pg_monitor or its heartbeat grants (or is a superuser)`);
    const secret = secrets[p.secret];
    if (secret !== undefined && !scramMatches(live.rolpassword, secret)) reasons.push("its password is not the cluster's");
    if (reasons.length === 0) return null;
    return { action: 'change', reason: `role ${p.role} ${reasons.join('; ')}`, commands: monitorCommands(p.database, true), expected, actual: reasons.join('; ') };
  },
});

/** The panel's own superuser on SSH hosts: LOGIN SUPERUSER with the cluster's password. */
export function adminRoleDifference(row: { rolpassword: string | null; ok: boolean } | undefined, password: string): string | null {
  if (!row) return 'is missing';
  if (!row.ok) return 'is not a LOGIN SUPERUSER';
  return scramMatches(row.rolpassword, password) ? null : "its password is not the cluster's";
}

export const adminRole = objectModule<'create-admin-role', { rolpassword: string | null; ok: boolean } | null>({
  kind: 'create-admin-role',
  async read(io, p) {
    return (await io.query<{ rolpassword: string | null; ok: boolean }>('postgres', 'SELECT rolpassword, rolsuper AND rolcanlogin AS ok FROM pg_authid WHERE rolname = $1', [p.role]))[0] ?? null;
  },
  diff(p, live, secrets): Change | null {
    const why = adminRoleDifference(live ?? undefined, secrets[p.secret] ?? '');
    return why ? { action: live ? 'change' : 'create', reason: `role ${quoteIdent(p.role)} ${why}`, commands: [], planned: true } : null;
  },
});
