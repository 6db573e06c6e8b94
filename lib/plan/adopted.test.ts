import { describe, expect, it } from 'vitest';
import { validateTopology, type Topology } from '@/lib/topology';
import { compilePlan } from './compile';
import { compileDestroyPlan } from './compile';
import type { LocalLayout } from './layout';

const layout: LocalLayout = { kind: 'local', binDir: '/usr/lib/postgresql/15/bin', root: '/srv/c1', runAs: 'postgres', dataDirs: { vm1: '/data/shop' } };

function topology(input: Record<string, unknown>): Topology {
  const v = validateTopology({ name: 'shop', provider: 'local', postgresVersion: 15, database: 'shop', tables: [], ...input });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.topology;
}

const adopted = topology({
  nodes: [{ name: 'vm1', port: 5432, dataDir: '/data/shop', adopted: true }],
  publications: [{ node: 'vm1', name: 'shop_pub', tables: ['Sales.OrderLines', 'public.customers'], adopted: true }],
});
const extended = topology({
  ...adopted,
  nodes: [...adopted.nodes, { name: 'vm3', port: 5433 }],
  subscriptions: [{ node: 'vm3', name: 'vm3_shop', publisher: 'vm1', publications: ['shop_pub'] }],
});
const ids = (t: Topology, previous: Topology[] = [adopted]) => compilePlan(t, { layout }, { previous }).steps.map((s) => s.id);

describe('plan-adopted-server', () => {
  it('only reads an adopted server that nothing new involves', () => {
    expect(ids(adopted)).toEqual(['*/check-binaries', 'vm1/check-port', 'vm1/check-tables', 'vm1/create-database', 'vm1/create-publication/shop_pub']);
  });

  it('never initialises, reconfigures or restarts an adopted server that a new subscriber reads', () => {
    const steps = ids(extended);
    for (const kind of ['init-cluster', 'set-settings', 'create-admin-role']) expect(steps).not.toContain(`vm1/${kind}`);
    expect(steps).toContain('vm1/create-role/pgcascade_logical');
    // The subscriber gets the publisher's tables from its definitions, before it subscribes.
    expect(steps.indexOf('vm3/copy-schema/vm1')).toBeLessThan(steps.indexOf('vm3/create-subscription/vm3_shop'));
    const plan = compilePlan(extended, { layout }, { previous: [adopted] });
    expect(plan.steps.find((s) => s.id === 'vm3/copy-schema/vm1')?.params).toMatchObject({ tables: ['Sales.OrderLines', 'public.customers'] });
  });

  it('drops an adopted publication only as a destructive step, and never removes an adopted server', () => {
    const plan = compilePlan(topology({ nodes: adopted.nodes }), { layout }, { previous: [adopted] });
    expect(plan.steps.find((s) => s.id === 'vm1/drop-publication/shop_pub')?.destructive).toBeTruthy();
    // A local adopted server that leaves the topology is released: not stopped, not removed.
    const left = compilePlan(topology({ nodes: [{ name: 'vm2', port: 5434 }] }), { layout }, { previous: [adopted] });
    expect(left.steps.map((s) => s.id).filter((id) => id.startsWith('vm1/'))).toEqual([]);
    const destroy = compileDestroyPlan(extended, { layout }).steps.map((s) => s.id);
    expect(destroy).toEqual(['vm3/stop-node', 'vm1/drop-replication/publications', 'vm3/remove-node']);
    expect(compileDestroyPlan(extended, { layout }).steps.at(-1)?.commands.map((c) => (c.type === 'sql' ? c.sql : '')).join('\n')).not.toContain('shop_pub');
  });
});
