import { LOGICAL_ROLE, MONITOR_ROLE, PHYSICAL_ROLE, scramRef, type SecretName } from '@/lib/postgres/roles';
import { scramMatches } from '@/lib/postgres/scram';
import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { alterReplicationRoleSql, createMonitorRoleSql, createReplicationRoleSql, HEARTBEAT_TABLE, MONITOR_FORBIDDEN_ROLES, MONITOR_GRANTED_ROLES } from '@/lib/postgres/sql';
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

/** The sampler's least-privilege role (pg_read_all_stats, not pg_monitor), after the heartbeat table it may write. */
export function monitorRoleStep(t: Topology, node: string): Step {
  return {
    id: `${node}/create-monitor-role`,
    node,
    kind: 'create-monitor-role',
    summary: `Create the monitoring role ${MONITOR_ROLE} (reads replication statistics, not settings; writes heartbeats; not a superuser)`,
    commands: monitorCommands(t.database, false),
    params: { kind: 'create-monitor-role', database: t.database, role: MONITOR_ROLE, secret: 'monitor_password' },
  };
}

const monitorCommands = (database: string, exists: boolean) =>
  createMonitorRoleSql(MONITOR_ROLE, scramRef('monitor_password'), exists)
    .split(';\n')
    .map((sql) => sqlCommand(database, sql));

export interface LiveMonitor {
  rolpassword: string | null;
  /** LOGIN and not a superuser. */
  login: boolean;
  /** In pg_read_all_stats: sees pg_stat_replication and pg_stat_wal_receiver in full. */
  stats: boolean;
  /** The broader roles it is in (pg_monitor, pg_read_all_settings, ...): each shows passwords. */
  broader: string[];
  heartbeat: boolean;
}

const MONITOR_READ_SQL = `SELECT a.rolpassword, a.rolcanlogin AND NOT a.rolsuper AS login,
        ${MONITOR_GRANTED_ROLES.map((r) => `pg_has_role(a.oid, ${quoteLiteral(r)}, 'USAGE')`).join(' AND ')} AS stats,
        array(SELECT f FROM unnest(ARRAY[${MONITOR_FORBIDDEN_ROLES.map(quoteLiteral).join(', ')}]::text[]) f WHERE pg_has_role(a.oid, f, 'MEMBER')) AS broader,
        coalesce(has_table_privilege(a.oid, to_regclass('public.${HEARTBEAT_TABLE}'), 'INSERT, UPDATE, SELECT'), false) AS heartbeat
   FROM pg_authid a WHERE a.rolname = $1`;

/** What is wrong with the live monitoring role, one phrase each (empty: nothing). */
export function monitorRoleProblems(live: LiveMonitor): string[] {
  const problems: string[] = [];
  if (!live.login) problems.push('cannot log in or is a superuser');
  if (!live.stats) problems.push(`is not in ${MONITOR_GRANTED_ROLES.join(', ')}`);
  if (live.broader.length > 0) problems.push(`is in ${live.broader.join(', ')}, which lets it read every setting (primary_conninfo and its password)`);
  if (!live.heartbeat) problems.push(`may not write ${HEARTBEAT_TABLE}`);
  return problems;
}

export const monitorRole = objectModule<'create-monitor-role', LiveMonitor | null>({
  kind: 'create-monitor-role',
  async read(io, p) {
    const [row] = await io.query<LiveMonitor & Record<string, unknown>>(p.database, MONITOR_READ_SQL, [p.role]);
    return row ?? null;
  },
  diff(p, live, secrets): Change | null {
    const expected = `LOGIN NOSUPERUSER, in ${MONITOR_GRANTED_ROLES.join(', ')} only, writes ${HEARTBEAT_TABLE}`;
    if (!live) return { action: 'create', reason: `role ${p.role} is missing`, commands: monitorCommands(p.database, false), expected, actual: 'missing' };
    const reasons = monitorRoleProblems(live);
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
