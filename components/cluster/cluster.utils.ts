import type { Topology } from '@/lib/topology/schema';

type View = Pick<Topology, 'nodes' | 'tables' | 'publications' | 'subscriptions' | 'standbys'>;

const isStandby = (t: View, node: string) => t.standbys.some((s) => s.node === node);

export interface WritablePair {
  node: string;
  table: string;
}

/** Where a test row can be inserted: each publication's node × each of its tables; never on a standby. */
export function writablePairs(t: View): WritablePair[] {
  const pairs: WritablePair[] = [];
  for (const pub of t.publications) {
    if (isStandby(t, pub.node)) continue;
    for (const table of pub.tables)
      if (!pairs.some((p) => p.node === pub.node && p.table === table)) pairs.push({ node: pub.node, table });
  }
  return pairs;
}

/** Tables that some publication replicates, in the topology's table order. */
export function replicatedTables(t: View): string[] {
  const published = new Set(t.publications.flatMap((p) => p.tables));
  return t.tables.map((x) => x.name).filter((name) => published.has(name));
}

/**
 * Nodes where rows of `table` should show up: its publishers, every node that subscribes (directly or
 * through a cascade) to a publication carrying it, and the standbys of all of those.
 */
export function receivers(t: View, table: string): Set<string> {
  const has = new Set(t.publications.filter((p) => p.tables.includes(table)).map((p) => p.node));
  for (let grew = true; grew;) {
    grew = false;
    for (const sub of t.subscriptions) {
      if (has.has(sub.node) || !has.has(sub.publisher)) continue;
      const carries = t.publications.some(
        (p) => p.node === sub.publisher && sub.publications.includes(p.name) && p.tables.includes(table),
      );
      if (carries) {
        has.add(sub.node);
        grew = true;
      }
    }
    for (const sb of t.standbys) {
      if (!has.has(sb.node) && has.has(sb.upstream)) {
        has.add(sb.node);
        grew = true;
      }
    }
  }
  return has;
}

/** "+834 ms", "+1.2 s". */
export function formatArrival(ms: number): string {
  return ms < 10_000 ? `+${ms} ms` : `+${(ms / 1000).toFixed(1)} s`;
}
