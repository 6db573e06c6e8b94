import type { Publication, Topology } from '@/lib/topology/schema';
import { LOGICAL_ROLE, MONITOR_ROLE, PHYSICAL_ROLE, secretRef, type SecretName } from '@/lib/postgres/roles';
import {
  createDatabaseSql,
  createPhysicalSlotSql,
  createPublicationSql,
  createReplicationRoleSql,
  createHeartbeatSql,
  createMonitorRoleSql,
  createTableSql,
  grantSelectSql,
  HEARTBEAT_TABLE,
  heartbeatPublication,
  createWriteGuardSql,
} from '@/lib/postgres/sql';
import type { Step } from '../types';
import { sql } from './commands';

const ROLE_SECRETS: Record<string, SecretName> = { [LOGICAL_ROLE]: 'logical_password', [PHYSICAL_ROLE]: 'physical_password' };

export function createRoleStep(node: string, role: typeof LOGICAL_ROLE | typeof PHYSICAL_ROLE): Step {
  const secret = ROLE_SECRETS[role] as SecretName;
  const purpose = role === LOGICAL_ROLE ? 'subscribers' : 'standbys';
  return {
    id: `${node}/create-role/${role}`,
    node,
    kind: 'create-role',
    summary: `Create the replication role ${role} for ${purpose} (not a superuser, generated password)`,
    commands: [sql('postgres', createReplicationRoleSql(role, secretRef(secret)))],
    params: { kind: 'create-role', role, secret },
  };
}

export function createDatabaseStep(t: Topology, node: string): Step {
  return {
    id: `${node}/create-database`,
    node,
    kind: 'create-database',
    summary: `Create database ${t.database}`,
    commands: [sql('postgres', createDatabaseSql(t.database))],
    params: { kind: 'create-database', database: t.database },
  };
}

export function createTableSteps(t: Topology, node: string): Step[] {
  return t.tables.map((table) => ({
    id: `${node}/create-table/${table.name}`,
    node,
    kind: 'create-table',
    summary: `Create table ${table.name} (${table.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    commands: [sql(t.database, createTableSql(table))],
    params: { kind: 'create-table', database: t.database, table: table.name },
  }));
}

export function grantSelectStep(t: Topology, node: string, tables: string[]): Step {
  return {
    id: `${node}/grant-select`,
    node,
    kind: 'grant-select',
    summary: `Let ${LOGICAL_ROLE} read the published tables (${tables.join(', ')})`,
    commands: [sql(t.database, grantSelectSql(tables, LOGICAL_ROLE))],
    params: { kind: 'grant-select', database: t.database, role: LOGICAL_ROLE, tables },
  };
}

export function createPublicationStep(t: Topology, pub: Publication): Step {
  return {
    id: `${pub.node}/create-publication/${pub.name}`,
    node: pub.node,
    kind: 'create-publication',
    summary: `Publish ${pub.tables.join(', ')} as ${pub.name}`,
    commands: [sql(t.database, createPublicationSql(pub.name, pub.tables))],
    params: { kind: 'create-publication', database: t.database, publication: pub.name, tables: pub.tables },
  };
}

export function createPhysicalSlotStep(node: string, slot: string, standby: string): Step {
  return {
    id: `${node}/create-physical-slot/${slot}`,
    node,
    kind: 'create-physical-slot',
    summary: `Create physical replication slot ${slot} for ${standby}`,
    commands: [sql('postgres', createPhysicalSlotSql(slot))],
    params: { kind: 'create-physical-slot', slot },
  };
}

/** The panel's heartbeat table, on every node that holds its own data. */
export function createHeartbeatStep(t: Topology, node: string): Step {
  return {
    id: `${node}/create-heartbeat`,
    node,
    kind: 'create-heartbeat',
    summary: `Create the heartbeat table ${HEARTBEAT_TABLE} (the panel measures end-to-end latency with it)`,
    commands: [sql(t.database, createHeartbeatSql())],
    params: { kind: 'create-heartbeat', database: t.database },
  };
}

/** Each node publishes only its own heartbeat row, so heartbeats never loop between two subscribers. */
export function heartbeatPublicationStep(t: Topology, node: string): Step {
  const name = heartbeatPublication(node);
  return {
    id: `${node}/create-publication/${name}`,
    node,
    kind: 'create-publication',
    summary: `Publish ${node}'s own heartbeat row as ${name}`,
    commands: [sql(t.database, createPublicationSql(name, [HEARTBEAT_TABLE], node))],
    params: { kind: 'create-publication', database: t.database, publication: name, tables: [HEARTBEAT_TABLE], originFilter: node },
  };
}

/** The sampler's least-privilege role (pg_monitor), after the heartbeat table it may write. */
export function createMonitorRoleStep(t: Topology, node: string): Step {
  return {
    id: `${node}/create-monitor-role`,
    node,
    kind: 'create-monitor-role',
    summary: `Create the monitoring role ${MONITOR_ROLE} (pg_monitor, writes heartbeats; not a superuser)`,
    commands: [sql(t.database, createMonitorRoleSql(MONITOR_ROLE, secretRef('monitor_password'), false))],
    params: { kind: 'create-monitor-role', database: t.database, role: MONITOR_ROLE, secret: 'monitor_password' },
  };
}

/** Guards on the node's subscribed copies of the tables marked `guardCopies`: local writes fail, replication does not. */
export function createWriteGuardSteps(t: Topology, node: string): Step[] {
  const guarded = new Set(t.tables.filter((table) => table.guardCopies).map((table) => table.name));
  const copies = new Map<string, string>();
  for (const sub of t.subscriptions.filter((s) => s.node === node)) {
    for (const pub of t.publications.filter((p) => p.node === sub.publisher && sub.publications.includes(p.name))) {
      for (const table of pub.tables) if (guarded.has(table)) copies.set(table, sub.publisher);
    }
  }
  return [...copies].map(([table, publisher]) => ({
    id: `${node}/create-write-guard/${table}`,
    node,
    kind: 'create-write-guard',
    summary: `Refuse local writes on ${node}'s copy of ${table} (it comes from ${publisher}; replication still applies)`,
    commands: [sql(t.database, createWriteGuardSql(table, publisher))],
    params: { kind: 'create-write-guard', database: t.database, table, publisher },
  }));
}
