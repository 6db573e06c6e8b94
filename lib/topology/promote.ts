import type { Topology } from './schema';
import type { ValidationIssue } from './schema';
import { standbyOf } from './standby-chains';

export type PromoteResult =
  { ok: true; topology: Topology; replaced: string } | { ok: false; issues: ValidationIssue[] };

/**
 * The topology after a standby takes over from its upstream (failover or switchover): the standby becomes the
 * subscriber its upstream was, with the same subscriptions, and the upstream leaves the cluster (fenced; it can
 * be added back as the new node's standby). Only a read replica's standby can be promoted: an upstream that
 * publishes would leave its own subscribers' slots behind.
 */
export function promoteStandby(t: Topology, node: string): PromoteResult {
  const fail = (message: string): PromoteResult => ({ ok: false, issues: [{ path: 'promote', message }] });
  const standby = standbyOf(t, node);
  if (!standby) return fail(`${node} is not a standby in this cluster`);
  const upstream = standby.upstream;
  if (standbyOf(t, upstream))
    return fail(`${node}'s upstream ${upstream} is itself a standby: promote the first standby of the chain`);
  if (t.publications.some((p) => p.node === upstream))
    return fail(`${upstream} publishes tables: only a read replica's standby can take over`);
  const others = t.standbys.filter((s) => s.upstream === upstream && s.node !== node).map((s) => s.node);
  if (others.length > 0)
    return fail(
      `${upstream} has other standbys (${others.join(', ')}): remove them or point them at ${node} first`,
    );
  return {
    ok: true,
    replaced: upstream,
    topology: {
      ...t,
      nodes: t.nodes.filter((n) => n.name !== upstream),
      subscriptions: t.subscriptions.map((s) => (s.node === upstream ? { ...s, node } : s)),
      standbys: t.standbys.filter((s) => s.node !== node),
    },
  };
}

/** The topology with a node that left it (the old upstream after a takeover) back as the standby of `upstream`. */
export function rebuildAsStandby(
  t: Topology,
  node: Topology['nodes'][number],
  upstream: string,
  walArchive: boolean,
): { ok: true; topology: Topology } | { ok: false; issues: ValidationIssue[] } {
  const fail = (message: string) => ({ ok: false as const, issues: [{ path: 'node', message }] });
  if (t.nodes.some((n) => n.name === node.name)) return fail(`${node.name} is already part of this cluster`);
  if (!t.nodes.some((n) => n.name === upstream))
    return fail(`${upstream}, which ${node.name} would stream from, is no longer part of this cluster`);
  return {
    ok: true,
    topology: {
      ...t,
      nodes: [...t.nodes, node],
      standbys: [...t.standbys, { node: node.name, upstream, ...(walArchive ? { walArchive } : {}) }],
    },
  };
}
