import type { Standby, Topology } from './schema';

type StandbyView = Pick<Topology, 'standbys'>;

/** The physical slot a standby streams from on its upstream. */
export function slotName(standby: Pick<Standby, 'node' | 'slot'>): string {
  return standby.slot ?? `pgcascade_${standby.node}`;
}

/** The standby entry of `node` (it follows some upstream), or undefined when `node` is not a standby. */
export function standbyOf(topology: StandbyView, node: string): Standby | undefined {
  return topology.standbys.find((s) => s.node === node);
}

export function isStandby(topology: StandbyView, name: string): boolean {
  return standbyOf(topology, name) !== undefined;
}

/** Standbys that stream directly from `upstream` (one level down the chain). */
export function directStandbys(topology: StandbyView, upstream: string): Standby[] {
  return topology.standbys.filter((s) => s.upstream === upstream);
}

/** The primary at the top of `node`'s standby chain; `node` itself when it is not a standby. */
export function chainRoot(topology: StandbyView, node: string): string {
  const seen = new Set<string>();
  let current = node;
  for (let up = standbyOf(topology, current); up && !seen.has(current); up = standbyOf(topology, current)) {
    seen.add(current);
    current = up.upstream;
  }
  return current;
}

/** Primaries that head a standby chain, in order of their first standby. */
export function standbyChainRoots(topology: StandbyView): string[] {
  return [...new Set(topology.standbys.map((s) => chainRoot(topology, s.node)))].filter(
    (root) => !isStandby(topology, root),
  );
}

/** Every standby after the standby it cascades from, so upstreams are built first; otherwise input order. */
export function standbyOrder(topology: StandbyView): Standby[] {
  const ordered: Standby[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (standby: Standby) => {
    if (placed.has(standby.node) || visiting.has(standby.node)) return; // visiting: a cycle, which validation rejects
    visiting.add(standby.node);
    const upstream = standbyOf(topology, standby.upstream);
    if (upstream) place(upstream);
    placed.add(standby.node);
    ordered.push(standby);
  };
  topology.standbys.forEach(place);
  return ordered;
}
