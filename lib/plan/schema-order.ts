import { isStandby } from '@/lib/topology';
import { stronglyConnected } from '@/lib/topology/graph';
import type { Topology } from '@/lib/topology/schema';

/** The order a schema change reaches the writable nodes, and the cycles of the logical replication graph. */
export interface DdlOrder {
  nodes: string[];
  /** Groups of nodes that replicate to each other (vm1 <-> vm2): no order puts subscribers before publishers there. */
  cycles: string[][];
}

/**
 * The writable nodes (physical standbys get the change by WAL replay) in an order of the logical replication graph
 * (publisher → subscriber): `subscribers-first` for additive changes, so no publisher sends a column or table its
 * subscriber lacks; `publishers-first` for removing ones, so no publisher still sends what its subscriber lost.
 * The nodes of a cycle come together, in the topology's node order (see README, "Schema changes").
 */
export function ddlOrder(t: Topology, direction: 'subscribers-first' | 'publishers-first'): DdlOrder {
  const writable = t.nodes.map((n) => n.name).filter((n) => !isStandby(t, n));
  const rank = new Map(writable.map((n, i) => [n, i]));
  const next = (node: string) => [...new Set(t.subscriptions.filter((s) => s.publisher === node && rank.has(s.node)).map((s) => s.node))];
  const components = stronglyConnected(writable, next).map((c) => c.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)));
  const componentOf = new Map(components.flatMap((c, i) => c.map((n) => [n, i] as const)));
  // Kahn's algorithm over the components, publishers first, ties broken by the topology's node order.
  const incoming = components.map(() => new Set<number>());
  components.forEach((c, i) => c.forEach((n) => next(n).forEach((m) => componentOf.get(m) !== i && incoming[componentOf.get(m) as number]?.add(i))));
  const order: number[] = [];
  const left = new Set(components.map((_, i) => i));
  while (left.size > 0) {
    const ready = [...left].filter((i) => [...(incoming[i] as Set<number>)].every((j) => !left.has(j)));
    const first = ready.sort((a, b) => (rank.get((components[a] as string[])[0] as string) ?? 0) - (rank.get((components[b] as string[])[0] as string) ?? 0))[0] as number;
    order.push(first);
    left.delete(first);
  }
  if (direction === 'subscribers-first') order.reverse();
  return { nodes: order.flatMap((i) => components[i] as string[]), cycles: components.filter((c) => c.length > 1) };
}
