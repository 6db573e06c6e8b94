import example from '@/examples/four-node.local.json';
import { validateTopology } from '@/lib/topology';
import type { Topology } from '@/lib/topology/schema';
import type { Observed } from './layout';

export function valid(input: unknown): Topology {
  const r = validateTopology(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

export const fourNode = (): Topology => valid(example);

/** vm1 publishes, vm2 subscribes; vm3 ← vm4 ← vm5 is a three-level physical cascade under vm2. */
export const cascade = (): Topology =>
  valid({
    name: 'cascade',
    provider: 'local',
    postgresVersion: 15,
    database: 'app',
    tables: [{ name: 'items', columns: [{ name: 'id', type: 'bigserial', primaryKey: true }, { name: 'data', type: 'text' }] }],
    nodes: [
      { name: 'vm1', port: 55501 },
      { name: 'vm2', port: 55502 },
      { name: 'vm3', port: 55503 },
      { name: 'vm4', port: 55504 },
      { name: 'vm5', port: 55505 },
    ],
    publications: [{ node: 'vm1', name: 'pub_items', tables: ['items'] }],
    subscriptions: [{ node: 'vm2', name: 'sub_items', publisher: 'vm1', publications: ['pub_items'] }],
    standbys: [
      { node: 'vm5', upstream: 'vm4', walArchive: true },
      { node: 'vm4', upstream: 'vm3' },
      { node: 'vm3', upstream: 'vm2', slot: 'vm3_slot' },
    ],
  });

export const observed: Observed = { layout: { kind: 'local', binDir: '/usr/lib/postgresql/15/bin', root: '/srv/pgcascade/clusters/c1', runAs: 'postgres' } };
