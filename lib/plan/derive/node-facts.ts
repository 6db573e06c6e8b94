import type { Topology } from '@/lib/topology/schema';
import { chainRoot, isStandby } from '@/lib/topology';

/** The address peers use to reach a node: the local provider puts every node on 127.0.0.1. */
export function nodeAddress(t: Topology, node: string): string {
  if (t.provider === 'local') return '127.0.0.1';
  return t.nodes.find((n) => n.name === node)?.address ?? '127.0.0.1';
}

export function nodePort(t: Topology, node: string): number {
  const spec = t.nodes.find((n) => n.name === node);
  if (!spec) throw new Error(`unknown node ${node}`);
  return spec.port;
}

export function publishes(t: Topology, node: string): boolean {
  return t.publications.some((p) => p.node === node);
}

export function feedsStandby(t: Topology, node: string): boolean {
  return t.standbys.some((s) => s.upstream === node);
}

/** Nodes that hold their own data: everything that is not a standby. */
export function primaries(t: Topology): string[] {
  return t.nodes.map((n) => n.name).filter((n) => !isStandby(t, n));
}

/** Whether any node in the chain rooted at `root` needs the physical replication role. */
export function rootNeedsPhysicalRole(t: Topology, root: string): boolean {
  return t.standbys.some((s) => chainRoot(t, s.node) === root);
}
