import type { Topology } from '@/lib/topology/schema';
import { checkMachinesStep, dropMachineStep, machineFor, machineNodes, machineSteps } from '@/lib/objects/machine';
import type { Step } from '../types';

/**
 * With `machines`, the job first checks the driver, then creates each VM and waits for it; a VM node's own host
 * checks run once its VM answers (they cannot run before it exists), existing hosts' checks stay in pre-flight.
 */
export function machinesFirst(t: Topology, clusterId: string | undefined, preflight: Step[]): Step[] {
  if (!t.machines || !clusterId) return preflight;
  const vms = new Set(machineNodes(t));
  const head = [checkMachinesStep(t, clusterId), ...preflight.filter((s) => !vms.has(s.node))];
  for (const node of vms) head.push(...machineSteps(t, clusterId, node), ...preflight.filter((s) => s.node === node));
  return head;
}

/**
 * The VMs of nodes that left go once their replication objects are dropped; releasing their access lines first is
 * pointless (the VM goes). Only VMs of earlier topologies' machine nodes, found by this cluster's labels.
 */
export function machineRemoval(t: Topology, clusterId: string | undefined, previous: readonly Topology[], removal: Step[]): Step[] {
  if (!clusterId) return removal;
  const left = new Map<string, Topology>();
  for (const before of previous) for (const n of before.nodes) if (!t.nodes.some((x) => x.name === n.name) && machineFor(before, n) && !left.has(n.name)) left.set(n.name, before);
  if (left.size === 0) return removal;
  const kept = removal.filter((s) => !(s.kind === 'write-pg-hba' && left.has(s.node)));
  const drops = [...left].map(([node, before]) => dropMachineStep(clusterId, machineFor(before, node) as NonNullable<ReturnType<typeof machineFor>>, [node]));
  return [...kept, ...drops];
}

/** Destroy with `machines`: existing hosts are released as SSH hosts are, then every VM labelled with the cluster goes. */
export function machineDestroy(t: Topology, clusterId: string | undefined, hostSteps: Step[]): Step[] {
  if (!t.machines || !clusterId) return hostSteps;
  const vms = new Set(machineNodes(t));
  return [...hostSteps.filter((s) => !vms.has(s.node)), dropMachineStep(clusterId, t.machines, 'all')];
}
