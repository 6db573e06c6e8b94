import { renderSettingsFile } from '@/lib/postgres/settings';
import { renderHbaBlock, withHbaBlock } from '@/lib/postgres/pg-hba';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { Plan } from '@/lib/plan/types';
import type { LiveSetting, ReachableNode } from './live-state';

/** How pg_settings shows the settings pgcascade writes (vartype, unit, and the value in that unit). */
const PG_SETTINGS: Record<string, Pick<LiveSetting, 'vartype' | 'unit'> & { toUnit?: (v: string) => string }> = {
  wal_level: { vartype: 'enum', unit: null },
  archive_mode: { vartype: 'enum', unit: null },
  hot_standby: { vartype: 'bool', unit: null },
  port: { vartype: 'integer', unit: null },
  max_wal_senders: { vartype: 'integer', unit: null },
  max_replication_slots: { vartype: 'integer', unit: null },
  max_worker_processes: { vartype: 'integer', unit: null },
  max_logical_replication_workers: { vartype: 'integer', unit: null },
  wal_keep_size: { vartype: 'integer', unit: 'MB', toUnit: (v) => String(parseInt(v, 10) * (v.endsWith('GB') ? 1024 : 1)) },
  wal_retrieve_retry_interval: { vartype: 'integer', unit: 'ms', toUnit: (v) => String(parseInt(v, 10) * (v.endsWith('ms') ? 1 : 1000)) },
};

function emptyNode(): ReachableNode {
  return {
    up: true,
    inRecovery: false,
    settings: {},
    settingsFile: null,
    hbaFile: null,
    roles: [{ name: 'postgres', canLogin: true, replication: true, superuser: true, monitor: true }],
    databases: ['postgres'],
    tables: [],
    heartbeatTrigger: false,
    publications: [],
    subscriptions: [],
    slots: [],
    upstream: null,
  };
}

/** The live state of every node exactly as the plan leaves it: detectDrift finds nothing in it. */
export function liveFromPlan(plan: Plan): Record<string, ReachableNode> {
  const nodes: Record<string, ReachableNode> = {};
  for (const step of plan.steps) {
    if (step.node === '*') continue;
    const n = (nodes[step.node] ??= emptyNode());
    const p = step.params;
    switch (p.kind) {
      case 'set-settings':
        n.settingsFile = renderSettingsFile(p.settings);
        for (const [name, value] of p.settings) {
          const shape = PG_SETTINGS[name] ?? { vartype: 'string', unit: null };
          n.settings[name] = { vartype: shape.vartype, unit: shape.unit, setting: shape.toUnit?.(value) ?? value, pendingRestart: false, sourceFile: p.path };
        }
        break;
      case 'write-pg-hba':
        n.hbaFile = withHbaBlock('local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n', renderHbaBlock(p.rules));
        break;
      case 'create-role':
      case 'create-admin-role':
      case 'create-monitor-role':
        n.roles.push({ name: p.role, canLogin: true, replication: p.kind === 'create-role', superuser: p.kind === 'create-admin-role', monitor: p.kind !== 'create-role' });
        if (p.kind === 'create-monitor-role') n.tables.find((t) => t.name === HEARTBEAT_TABLE)?.readers.push(p.role);
        break;
      case 'create-database':
        n.databases.push(p.database);
        break;
      case 'create-table':
        n.tables.push({ name: p.table, readers: [] });
        break;
      case 'create-heartbeat':
        n.tables.push({ name: HEARTBEAT_TABLE, readers: [] });
        n.heartbeatTrigger = true;
        break;
      case 'grant-select':
        for (const t of n.tables) if (p.tables.includes(t.name)) t.readers.push(p.role);
        break;
      case 'create-publication':
        n.publications.push({ name: p.publication, tables: [...p.tables].sort(), rowFilter: p.originFilter ? `(origin = '${p.originFilter}'::text)` : null });
        break;
      case 'create-subscription':
        n.subscriptions.push({ name: p.subscription, enabled: true, host: p.host, port: p.port, publications: p.publications, slotName: p.subscription });
        break;
      case 'create-physical-slot':
        n.slots.push({ name: p.slot, type: 'physical', active: true });
        break;
      case 'clone-standby':
        n.inRecovery = true;
        n.upstream = { host: p.upstreamHost, port: p.upstreamPort, slot: p.slot, receiverStatus: 'streaming' };
        break;
    }
  }
  return nodes;
}
