import type { Topology } from '@/lib/topology/schema';

export interface PromotableStandby {
  node: string;
  upstream: string;
}

/**
 * Standbys that could take over from their upstream: those whose upstream is not itself a standby (a chain is
 * promoted from its first link). The server may still refuse, with the reason (e.g. the upstream publishes).
 */
export function promotableStandbys(t: Pick<Topology, 'standbys'>): PromotableStandby[] {
  const standbys = new Set(t.standbys.map((s) => s.node));
  return t.standbys
    .filter((s) => !standbys.has(s.upstream))
    .map((s) => ({ node: s.node, upstream: s.upstream }));
}
