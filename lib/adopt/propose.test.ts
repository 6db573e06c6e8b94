import { describe, expect, it } from 'vitest';
import { validateTopology } from '@/lib/topology';
import type { NodeInventory } from './inventory';
import { importSchema, importShapeIssues, proposeTopology } from './propose';

function server(node: string, over: Partial<NodeInventory> = {}): NodeInventory {
  return {
    node,
    version: 150004,
    majorVersion: 15,
    dataDirectory: `/data/${node}`,
    inRecovery: false,
    databases: ['postgres', 'shop'],
    settings: { wal_level: 'logical' },
    slots: [],
    standbys: [],
    access: [],
    database: { schemas: ['public'], tables: [], publications: [], subscriptions: [] },
    ...over,
  };
}

const request = importSchema.parse({
  name: 'shop',
  provider: 'local',
  database: 'shop',
  nodes: [
    { name: 'vm1', port: 5432, dataDir: '/data/vm1' },
    { name: 'vm2', port: 5433, dataDir: '/data/vm2' },
    { name: 'vm4', port: 5434, dataDir: '/data/vm4' },
  ],
});

describe('proposeTopology', () => {
  it('describes publications, subscriptions and standbys between the servers, each adopted', () => {
    const vm1 = server('vm1', { database: { schemas: ['public', 'Sales'], tables: [], publications: [{ name: 'pub_a', allTables: false, operations: 'insert,update,delete,truncate', tables: ['public.t', 'Sales.Lines'] }, { name: 'pgcascade_hb_vm1', allTables: false, operations: '', tables: ['public.pgcascade_heartbeat'] }], subscriptions: [] } });
    const vm2 = server('vm2', { database: { schemas: ['public'], tables: [], publications: [], subscriptions: [{ name: 'sub_a', conninfo: 'host=127.0.0.1 port=5432 dbname=shop user=rep password=********', publications: ['pub_a'], enabled: true, slot: 'sub_a' }, { name: 'elsewhere', conninfo: 'host=10.9.9.9 port=5432', publications: ['x'], enabled: true, slot: 'x' }] } });
    const vm4 = server('vm4', { inRecovery: true, settings: { primary_conninfo: 'host=localhost port=5433 user=rep', primary_slot_name: 'vm4_slot' }, database: null });
    const result = proposeTopology(request, [vm1, vm2, vm4]);
    if (!('proposal' in result)) throw new Error(JSON.stringify(result.issues));
    const t = result.proposal.topology;
    expect(t.postgresVersion).toBe(15);
    expect(t.publications).toEqual([{ node: 'vm1', name: 'pub_a', tables: ['Sales.Lines', 'public.t'], adopted: true }]);
    expect(t.subscriptions).toEqual([{ node: 'vm2', name: 'sub_a', publisher: 'vm1', publications: ['pub_a'], adopted: true }]);
    expect(t.standbys).toEqual([{ node: 'vm4', upstream: 'vm2', slot: 'vm4_slot', adopted: true }]);
    expect(result.proposal.notes.join('\n')).toMatch(/elsewhere .*not among the imported servers/);
    expect(validateTopology(t).ok).toBe(true);
  });

  it('stops at the field that is wrong', () => {
    const standby = server('vm4', { inRecovery: true, settings: { primary_conninfo: 'host=10.0.0.1 port=5432' }, database: null });
    const result = proposeTopology(request, [server('vm1', { database: null }), server('vm2', { majorVersion: 16 }), standby]);
    expect('issues' in result && result.issues.map((i) => i.path)).toEqual(['nodes.1', 'database', 'nodes.2']);
    const ssh = importSchema.parse({ name: 'x', provider: 'ssh', nodes: [{ name: 'vm1', port: 5432 }, { name: 'vm1', port: 5432, dataDir: '/d' }] });
    expect(importShapeIssues(ssh).map((i) => i.path)).toEqual(['nodes.0.address', 'nodes.0.ssh', 'nodes.1.name', 'nodes.1.address', 'nodes.1.ssh']);
  });
});
