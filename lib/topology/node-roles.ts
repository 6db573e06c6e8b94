import type { Topology } from './schema';

export type NodeRole = 'publisher' | 'subscriber' | 'standby' | 'upstream';

/** What a node does in the topology, always in the order publisher, subscriber, standby, upstream. */
export function nodeRoles(
  topology: Pick<Topology, 'publications' | 'subscriptions' | 'standbys'>,
  nodeName: string,
): NodeRole[] {
  const roles: NodeRole[] = [];
  if (topology.publications.some((p) => p.node === nodeName)) roles.push('publisher');
  if (topology.subscriptions.some((s) => s.node === nodeName)) roles.push('subscriber');
  if (topology.standbys.some((s) => s.node === nodeName)) roles.push('standby');
  if (topology.standbys.some((s) => s.upstream === nodeName)) roles.push('upstream');
  return roles;
}
