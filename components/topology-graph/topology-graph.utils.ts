/** A topology as the graph reads it: loose enough for a half-edited wizard draft. */
export interface GraphTopology {
  nodes: Array<{ name: string; port?: number | null }>;
  publications: Array<{ node: string; name: string }>;
  subscriptions: Array<{ node: string; name: string; publisher: string; publications: string[] }>;
  standbys: Array<{ node: string; upstream: string; slot?: string | null }>;
}

export type GraphRole = 'publisher' | 'subscriber' | 'standby' | 'upstream';

export interface GraphNode {
  id: string;
  name: string;
  port: number | null;
  roles: GraphRole[];
  level: number;
  x: number;
  y: number;
}

export type LinkKind = 'logical' | 'physical';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: LinkKind;
  /** Publications (logical) or the slot (physical). */
  label: string;
  sourceHandle: HandleId;
  targetHandle: HandleId;
}

export type HandleId =
  'top-s' | 'top-t' | 'bottom-s' | 'bottom-t' | 'right-s' | 'right-t' | 'left-s' | 'left-t';

export const NODE_WIDTH = 156;
export const NODE_HEIGHT = 64;

/** Space between nodes: the live dashboard needs more, its links carry two-line labels. */
export interface GraphLayout {
  gapX: number;
  gapY: number;
}

export const COMPACT_LAYOUT: GraphLayout = { gapX: 150, gapY: 92 };
export const ROOMY_LAYOUT: GraphLayout = { gapX: 260, gapY: 100 };

/** The id of the drawn link from `source` to `target`: one per logical pair, one per standby. */
export function linkId(kind: LinkKind, source: string, target: string): string {
  return `${kind}:${source}->${target}`;
}

/** Where a link's label sits: links between two nodes of one row run in two lanes, labelled above and below. */
export function labelPlacement(e: Pick<GraphEdge, 'sourceHandle'>): 'above' | 'below' | 'center' {
  if (e.sourceHandle === 'right-s') return 'above';
  if (e.sourceHandle === 'left-s') return 'below';
  return 'center';
}

/** How a node is doing, as the live graph colours it. */
export type NodeHealth = 'up' | 'recovery' | 'down' | 'unknown';

/** Live state drawn over the graph: per node name, and per link id (see linkId). */
export interface GraphLive {
  nodes: Record<string, { health: NodeHealth; detail: string }>;
  links: Record<string, { isBroken: boolean; text: string }>;
}

function rolesOf(t: GraphTopology, name: string): GraphRole[] {
  const roles: GraphRole[] = [];
  if (t.publications.some((p) => p.node === name)) roles.push('publisher');
  if (t.subscriptions.some((s) => s.node === name)) roles.push('subscriber');
  if (t.standbys.some((s) => s.node === name)) roles.push('standby');
  if (t.standbys.some((s) => s.upstream === name && s.node !== name)) roles.push('upstream');
  return roles;
}

/**
 * Rows from top to bottom: publishers first, nodes that only subscribe one row lower,
 * and every standby one row below its upstream.
 */
function levels(t: GraphTopology, names: string[]): Map<string, number> {
  const upstreamOf = new Map<string, string>();
  for (const s of t.standbys)
    if (names.includes(s.upstream) && !upstreamOf.has(s.node)) upstreamOf.set(s.node, s.upstream);
  const base = (name: string) => {
    const publishes = t.publications.some((p) => p.node === name);
    const subscribes = t.subscriptions.some((s) => s.node === name);
    return subscribes && !publishes ? 1 : 0;
  };
  const level = (name: string, seen: Set<string>): number => {
    const up = upstreamOf.get(name);
    if (up === undefined || up === name || seen.has(name)) return base(name);
    seen.add(name);
    return level(up, seen) + 1;
  };
  return new Map(names.map((n) => [n, level(n, new Set())]));
}

function handles(
  a: GraphNode,
  b: GraphNode,
  forward: boolean,
): Pick<GraphEdge, 'sourceHandle' | 'targetHandle'> {
  if (a.level < b.level) return { sourceHandle: 'bottom-s', targetHandle: 'top-t' };
  if (a.level > b.level) return { sourceHandle: 'top-s', targetHandle: 'bottom-t' };
  // Same row: left-to-right links take the upper lane, right-to-left the lower one, so a pair never overlaps.
  if (a.x < b.x) return { sourceHandle: 'right-s', targetHandle: 'left-t' };
  return forward
    ? { sourceHandle: 'right-s', targetHandle: 'left-t' }
    : { sourceHandle: 'left-s', targetHandle: 'right-t' };
}

/** Nodes with positions and the logical (publication → subscription) and physical (upstream → standby) links. */
export function topologyGraph(
  t: GraphTopology,
  layout: GraphLayout = COMPACT_LAYOUT,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const { gapX, gapY } = layout;
  const names = [...new Set(t.nodes.map((n) => n.name).filter((n) => n !== ''))];
  const levelOf = levels(t, names);
  const rows = new Map<number, string[]>();
  for (const name of names) {
    const l = levelOf.get(name) ?? 0;
    rows.set(l, [...(rows.get(l) ?? []), name]);
  }
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const totalWidth = widest * NODE_WIDTH + (widest - 1) * gapX;
  const nodes: GraphNode[] = names.map((name) => {
    const level = levelOf.get(name) ?? 0;
    const row = rows.get(level) ?? [name];
    const rowWidth = row.length * NODE_WIDTH + (row.length - 1) * gapX;
    const i = row.indexOf(name);
    return {
      id: name,
      name,
      port: t.nodes.find((n) => n.name === name)?.port ?? null,
      roles: rolesOf(t, name),
      level,
      x: (totalWidth - rowWidth) / 2 + i * (NODE_WIDTH + gapX),
      y: level * (NODE_HEIGHT + gapY),
    };
  });
  const byName = new Map(nodes.map((n) => [n.name, n]));

  const edges: GraphEdge[] = [];
  const logical = new Map<
    string,
    { source: string; target: string; publications: string[]; names: string[] }
  >();
  for (const s of t.subscriptions) {
    if (!byName.has(s.publisher) || !byName.has(s.node) || s.publisher === s.node) continue;
    const key = `${s.publisher}\u0000${s.node}`;
    const link = logical.get(key) ?? { source: s.publisher, target: s.node, publications: [], names: [] };
    link.publications.push(...s.publications.filter((p) => p !== '' && !link.publications.includes(p)));
    link.names.push(s.name);
    logical.set(key, link);
  }
  for (const link of logical.values()) {
    const a = byName.get(link.source)!;
    const b = byName.get(link.target)!;
    edges.push({
      id: linkId('logical', link.source, link.target),
      source: link.source,
      target: link.target,
      kind: 'logical',
      label: link.publications.join(', ') || link.names.join(', '),
      ...handles(a, b, false),
    });
  }
  for (const s of t.standbys) {
    const a = byName.get(s.upstream);
    const b = byName.get(s.node);
    if (!a || !b || a === b) continue;
    edges.push({
      id: linkId('physical', s.upstream, s.node),
      source: s.upstream,
      target: s.node,
      kind: 'physical',
      label: s.slot || `pgcascade_${s.node}`,
      ...handles(a, b, true),
    });
  }
  return { nodes, edges };
}

/** One sentence per link, for screen readers and the text fallback under the diagram. */
export function describeEdge(e: GraphEdge): string {
  return e.kind === 'logical'
    ? `${e.target} subscribes to ${e.source} (logical: ${e.label})`
    : `${e.target} is a standby of ${e.source} (physical, slot ${e.label})`;
}
