import { describe, expect, it } from 'vitest';
import { compileDestroyPlan, compilePlan } from './compile';
import { destructiveSteps } from './destructive';
import { fourNode, valid } from './test-topologies';
import type { Observed } from './layout';

const clusterId = '3f2a9c4e-1b7d-4e2a-9c1f-0a1b2c3d4e5f';
const observed: Observed = { layout: { kind: 'debian', version: 15 }, clusterId };
const ssh = { user: 'pgcascade' };

/** The reference four nodes: vm1, vm2 VMs made with libvirt, vm3, vm4 existing hosts of the test bed. */
function machinesTopology(nodes = ['vm1', 'vm2', 'vm3', 'vm4']) {
  const base = fourNode();
  return valid({
    ...base,
    provider: 'ssh',
    postgresVersion: 15,
    machines: { driver: 'libvirt', resources: { cores: 1, memoryGb: 1, diskGb: 8 } },
    nodes: base.nodes
      .filter((n) => nodes.includes(n.name))
      .map((n, i) => (n.name === 'vm1' || n.name === 'vm2' ? { name: n.name, port: 5432, address: `10.79.0.${10 + i}`, ssh } : { name: n.name, port: 5432, address: `10.77.0.${11 + i}`, ssh: { user: 'root', credentialId: 'c1' }, machine: false })),
    subscriptions: base.subscriptions.filter((s) => nodes.includes(s.node) && nodes.includes(s.publisher)),
    publications: base.publications.filter((p) => nodes.includes(p.node)),
    standbys: base.standbys.filter((s) => nodes.includes(s.node) && nodes.includes(s.upstream)),
  });
}

describe('plan-machines-libvirt', () => {
  const plan = compilePlan(machinesTopology(), observed);
  const ids = plan.steps.map((s) => s.id);

  it('checks the driver and the existing hosts first, then creates and waits for each VM before its own host checks', () => {
    expect(ids[0]).toBe('*/check-machines');
    for (const vm of ['vm1', 'vm2']) {
      expect(ids.indexOf(`${vm}/create-machine`)).toBeLessThan(ids.indexOf(`${vm}/wait-machine`));
      expect(ids.indexOf(`${vm}/wait-machine`)).toBeLessThan(ids.indexOf(`${vm}/check-host`));
      expect(plan.steps.find((s) => s.id === `${vm}/check-host`)?.needs).toContain(`${vm}/wait-machine`);
      expect(plan.steps.find((s) => s.id === `${vm}/create-machine`)?.needs).toEqual(expect.arrayContaining(['*/check-machines', 'vm3/check-host']));
    }
    expect(ids.indexOf('vm3/check-host')).toBeLessThan(ids.indexOf('vm1/create-machine'));
    expect(ids.filter((id) => id.endsWith('/create-machine'))).toEqual(['vm1/create-machine', 'vm2/create-machine']);
    const create = plan.steps.find((s) => s.id === 'vm1/create-machine');
    expect(create?.params).toMatchObject({ kind: 'create-machine', clusterId, address: '10.79.0.10', sshUser: 'pgcascade', vmName: 'pgcascade-3f2a9c4e-vm1' });
    expect(create?.summary).toMatch(/Create VM pgcascade-3f2a9c4e-vm1 for vm1 in libvirt \(qemu:\/\/\/system\): 1 vCPU, 1 GB RAM, 8 GB disk, address 10\.79\.0\.10/);
    expect(destructiveSteps(plan)).toEqual([]);
  });

  it('is the same SSH plan after the machine steps', () => {
    const plain = compilePlan({ ...machinesTopology(), machines: undefined, nodes: machinesTopology().nodes.map(({ machine: _m, ...n }) => n) }, observed);
    const rest = plan.steps.filter((s) => !['check-machines', 'create-machine', 'wait-machine'].includes(s.kind)).map((s) => s.id);
    expect(rest.sort()).toEqual(plain.steps.map((s) => s.id).sort());
  });

  it('deletes the VM of a node that left, after what is dropped because of it, as a destructive step; never an existing host', () => {
    const before = machinesTopology();
    const after = machinesTopology(['vm1', 'vm3', 'vm4']);
    const removal = compilePlan(after, observed, { previous: [before] });
    const drop = removal.steps.find((s) => s.kind === 'drop-machine');
    expect(drop).toMatchObject({ id: 'vm2/drop-machine', node: 'vm2', params: { nodes: ['vm2'], clusterId } });
    expect(drop?.destructive).toMatch(/the VM of vm2 is deleted with its disk .*pgcascade-cluster=3f2a9c4e/);
    const drops = removal.steps.filter((s) => s.kind.startsWith('drop-') && s.kind !== 'drop-machine').map((s) => s.id);
    expect(drop?.needs).toEqual(expect.arrayContaining(drops));
    expect(removal.steps.some((s) => s.id === 'vm2/write-pg-hba')).toBe(false);
    const gone = compilePlan(machinesTopology(['vm1', 'vm2', 'vm3']), observed, { previous: [before] });
    expect(gone.steps.some((s) => s.kind === 'drop-machine')).toBe(false);
  });

  it('destroys every VM of the cluster and releases the existing hosts as SSH hosts', () => {
    const destroy = compileDestroyPlan(machinesTopology(), observed);
    expect(destroy.steps.at(-1)).toMatchObject({ id: '*/drop-machine', params: { nodes: 'all', clusterId } });
    expect(destroy.steps.filter((s) => s.kind !== 'drop-machine').every((s) => s.node === 'vm3' || s.node === 'vm4')).toBe(true);
  });
});
