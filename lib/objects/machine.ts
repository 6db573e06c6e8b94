import type { Topology } from '@/lib/topology/schema';
import type { Machines } from '@/lib/topology/machines';
import type { LiveMachine } from '@/lib/machines/types';
import type { Step } from '@/lib/plan/types';
import type { Change, ParamsOf } from './object';

/** The login pgcascade gives its VMs through cloud-init (sudo without a password, the panel's key only). */
export const MACHINE_USER = 'pgcascade';
export const CLUSTER_LABEL = 'pgcascade-cluster';
export const NODE_LABEL = 'pgcascade-node';

type NodeSpec = Topology['nodes'][number];

/** The node's effective machine settings (the cluster's, with the node's overrides), or null for an existing host. */
export function machineFor(t: Topology, node: string | NodeSpec): Machines | null {
  const spec = typeof node === 'string' ? t.nodes.find((n) => n.name === node) : node;
  if (!t.machines || !spec || spec.machine === false) return null;
  const o = spec.machine ?? {};
  const resources = { ...t.machines.resources, ...o.resources };
  if (t.machines.driver === 'libvirt') return { ...t.machines, resources };
  return { ...t.machines, ...(o.zone ? { zone: o.zone } : {}), ...(o.subnetId ? { subnetId: o.subnetId } : {}), ...(o.image ? { image: o.image } : {}), ...(o.publicIp !== undefined ? { publicIp: o.publicIp } : {}), resources };
}

/** The nodes whose VMs pgcascade creates. */
export function machineNodes(t: Topology): string[] {
  return t.nodes.filter((n) => machineFor(t, n) !== null).map((n) => n.name);
}

/** A name both drivers accept (Yandex: [a-z]([-a-z0-9]{0,61}[a-z0-9])?), unique per cluster and node. */
export function vmName(clusterId: string, node: string): string {
  const short = clusterId.replace(/[^a-z0-9]/g, '').slice(0, 8);
  return `pgcascade-${short}-${node.replace(/_/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

/** The labels that make a VM pgcascade's: only VMs with this cluster's label are ever changed or deleted. */
export function machineLabels(clusterId: string, node: string): Record<string, string> {
  return { [CLUSTER_LABEL]: clusterId, [NODE_LABEL]: node.replace(/_/g, '-') };
}

/** The node's VM among the cluster's VMs. */
export function findMachine(live: readonly LiveMachine[], clusterId: string, node: string): LiveMachine | null {
  const want = machineLabels(clusterId, node);
  return live.find((m) => m.labels[CLUSTER_LABEL] === want[CLUSTER_LABEL] && m.labels[NODE_LABEL] === want[NODE_LABEL]) ?? null;
}

const driverLabel = (m: Machines) => (m.driver === 'yandex-cloud' ? `Yandex Cloud (${m.zone})` : `libvirt (${m.uri})`);

const size = (m: Machines) => `${m.resources.cores} vCPU, ${m.resources.memoryGb} GB RAM, ${m.resources.diskGb} GB disk`;

export function checkMachinesStep(t: Topology, clusterId: string): Step {
  const machines = t.machines as Machines;
  const nodes = machineNodes(t);
  return {
    id: '*/check-machines',
    node: '*',
    kind: 'check-machines',
    summary: machines.driver === 'yandex-cloud' ? `Yandex Cloud: the credentials work, folder ${machines.folderId} and subnet ${machines.subnetId} exist, the image is found` : `libvirt at ${machines.uri} answers, has the free memory and disk for ${nodes.length} VM${nodes.length === 1 ? '' : 's'}`,
    commands: [],
    params: { kind: 'check-machines', clusterId, machines, nodes },
  };
}

/** Create the node's VM (none when it exists), then wait until it answers SSH with its pinned host key. */
export function machineSteps(t: Topology, clusterId: string, node: string): Step[] {
  const machine = machineFor(t, node) as Machines;
  const address = t.nodes.find((n) => n.name === node)?.address ?? '';
  const name = vmName(clusterId, node);
  return [
    {
      id: `${node}/create-machine`,
      node,
      kind: 'create-machine',
      summary: `Create VM ${name} for ${node} in ${driverLabel(machine)}: ${size(machine)}, address ${address}, the panel's SSH key through cloud-init`,
      commands: [],
      params: { kind: 'create-machine', clusterId, vmName: name, address, sshUser: MACHINE_USER, machine },
    },
    {
      id: `${node}/wait-machine`,
      node,
      kind: 'wait-machine',
      summary: `Wait until ${name} answers SSH at ${address} with the host key pgcascade gave it, and record its addresses`,
      commands: [],
      params: { kind: 'wait-machine', clusterId, vmName: name, address, machine },
    },
  ];
}

/** Delete VMs pgcascade created: a node's that left (or `all` of the cluster's, on destroy). Destructive. */
export function dropMachineStep(clusterId: string, machines: Machines, nodes: string[] | 'all'): Step {
  const which = nodes === 'all' ? 'every VM this cluster created' : `the VM${nodes.length === 1 ? '' : 's'} of ${nodes.join(', ')}`;
  return {
    id: nodes === 'all' ? '*/drop-machine' : `${nodes.join('+')}/drop-machine`,
    node: nodes === 'all' || nodes.length !== 1 ? '*' : (nodes[0] as string),
    kind: 'drop-machine',
    summary: `Delete ${which} in ${driverLabel(machines)}, with their disks`,
    commands: [],
    params: { kind: 'drop-machine', clusterId, machines, nodes },
    destructive: `${which} ${nodes !== 'all' && nodes.length === 1 ? 'is' : 'are'} deleted with ${nodes !== 'all' && nodes.length === 1 ? 'its disk' : 'their disks'} and all data on them (only VMs labelled ${CLUSTER_LABEL}=${clusterId})`,
  };
}

/** The machine step's diff: none when the node's VM exists and runs at its planned address. */
export function diffMachine(p: ParamsOf<'create-machine'>, live: LiveMachine | null): Change | null {
  if (!live) return { action: 'create', reason: `VM ${p.vmName} does not exist`, commands: [], expected: 'a running VM', actual: 'missing' };
  if (live.status === 'stopped') return { action: 'change', reason: `VM ${p.vmName} is stopped (${live.detail}): it is started`, commands: [], expected: 'running', actual: live.detail };
  if (live.status === 'error' || live.status === 'deleting')
    return { action: 'change', reason: `VM ${p.vmName} is ${live.detail}: delete it (or remove its node) and apply again`, commands: [], expected: 'running', actual: live.detail };
  if (live.internalAddress && live.internalAddress !== p.address)
    return { action: 'change', reason: `VM ${p.vmName} has address ${live.internalAddress}, the topology says ${p.address}: set the node's address to ${live.internalAddress}, or delete the VM`, commands: [], expected: p.address, actual: live.internalAddress };
  return null;
}
