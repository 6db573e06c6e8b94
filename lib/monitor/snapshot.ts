import type { Topology } from '@/lib/topology/schema';
import { slotName } from '@/lib/topology';
import { lsnBytes } from './lsn';
import { replayLagSeconds, subscriptionLagSeconds } from './lag';
import { headLsn, type NodeSample } from './node-sample';

export interface NodeState {
  name: string;
  up: boolean;
  error?: string;
  inRecovery: boolean | null;
  version: string | null;
  lsn: string | null;
  /** This node's clock minus the panel's, in ms (0 for local clusters). */
  skewMs: number | null;
  walReceiver: NodeSample['wal_receiver'];
}

export interface EdgeState {
  id: string;
  kind: 'logical' | 'physical';
  from: string;
  to: string;
  /** Publication names (logical) or the slot (physical). */
  label: string;
  healthy: boolean;
  reason?: string;
  lagBytes: number | null;
  lagSeconds: number | null;
}

export interface SlotState {
  node: string;
  slot: string;
  type: 'physical' | 'logical';
  active: boolean;
  walStatus: string | null;
  retainedBytes: number | null;
}

export interface SubscriptionState {
  node: string;
  name: string;
  publisher: string;
  enabled: boolean | null;
  workerRunning: boolean;
  lastMessageAgeSeconds: number | null;
  applyErrors: number;
  syncErrors: number;
}

/** End-to-end heartbeat latency along one path (origin → … → node), corrected for clock skew. */
export interface PathLatency {
  path: string[];
  latencyMs: number;
}

export interface ClusterSnapshot {
  at: string;
  nodes: NodeState[];
  edges: EdgeState[];
  subscriptions: SubscriptionState[];
  slots: SlotState[];
  paths: PathLatency[];
}

export type NodeResult = { ok: true; sample: NodeSample; skewMs: number } | { ok: false; error: string };

/** Turn one tick's node samples into node, edge, subscription and slot states. Pure. */
export function buildSnapshot(t: Topology, results: Record<string, NodeResult>, at: Date): ClusterSnapshot {
  const sample = (node: string) => {
    const r = results[node];
    return r?.ok ? r.sample : null;
  };
  const nodes: NodeState[] = t.nodes.map((n) => {
    const r = results[n.name];
    if (!r?.ok)
      return {
        name: n.name,
        up: false,
        error: r?.error ?? 'no sample',
        inRecovery: null,
        version: null,
        lsn: null,
        skewMs: null,
        walReceiver: null,
      };
    return {
      name: n.name,
      up: true,
      inRecovery: r.sample.in_recovery,
      version: r.sample.version,
      lsn: headLsn(r.sample),
      skewMs: r.skewMs,
      walReceiver: r.sample.wal_receiver,
    };
  });

  const edges: EdgeState[] = [];
  const subscriptions: SubscriptionState[] = [];
  for (const sub of t.subscriptions) {
    const pub = sample(sub.publisher);
    const subscriber = sample(sub.node);
    const slot = pub?.slots.find((s) => s.slot_name === sub.name);
    const row = subscriber?.subscriptions.find((s) => s.subname === sub.name);
    const lagBytes = pub && slot ? lsnBytes(pub.current_lsn, slot.confirmed_flush_lsn) : null;
    const worker = !!row?.pid;
    let reason: string | undefined;
    if (!pub) reason = `${sub.publisher} is down`;
    else if (!subscriber) reason = `${sub.node} is down`;
    else if (!row) reason = `subscription ${sub.name} is missing on ${sub.node}`;
    else if (!row.subenabled) reason = `subscription ${sub.name} is disabled`;
    else if (!worker) reason = `the apply worker of ${sub.name} is not running`;
    else if (!slot) reason = `slot ${sub.name} is missing on ${sub.publisher}`;
    edges.push({
      id: `logical:${sub.node}/${sub.name}`,
      kind: 'logical',
      from: sub.publisher,
      to: sub.node,
      label: sub.publications.join(', '),
      healthy: !reason,
      ...(reason ? { reason } : {}),
      lagBytes,
      lagSeconds: reason ? null : subscriptionLagSeconds(lagBytes, row?.last_msg_age ?? null),
    });
    subscriptions.push({
      node: sub.node,
      name: sub.name,
      publisher: sub.publisher,
      enabled: row?.subenabled ?? null,
      workerRunning: worker,
      lastMessageAgeSeconds: row?.last_msg_age ?? null,
      applyErrors: Number(row?.apply_error_count ?? 0),
      syncErrors: Number(row?.sync_error_count ?? 0),
    });
  }

  for (const standby of t.standbys) {
    const up = sample(standby.upstream);
    const down = sample(standby.node);
    const slot = slotName(standby);
    const rep = up?.replication.find((r) => r.slot_name === slot);
    const lagBytes = up && rep ? lsnBytes(headLsn(up), rep.replay_lsn) : null;
    let reason: string | undefined;
    if (!up) reason = `${standby.upstream} is down`;
    else if (!down) reason = `${standby.node} is down`;
    else if (!rep)
      reason = `${standby.node} is not streaming from ${standby.upstream} (${down.wal_receiver?.status ?? 'no WAL receiver'})`;
    else if (rep.state !== 'streaming') reason = `${standby.node} is ${rep.state}`;
    edges.push({
      id: `physical:${standby.node}`,
      kind: 'physical',
      from: standby.upstream,
      to: standby.node,
      label: slot,
      healthy: !reason,
      ...(reason ? { reason } : {}),
      lagBytes,
      lagSeconds: rep ? replayLagSeconds(rep.state, rep.replay_lag, lagBytes) : null,
    });
  }

  const slots: SlotState[] = [];
  for (const n of t.nodes) {
    const s = sample(n.name);
    for (const sl of s?.slots ?? []) {
      slots.push({
        node: n.name,
        slot: sl.slot_name,
        type: sl.slot_type,
        active: sl.active,
        walStatus: sl.wal_status,
        retainedBytes: lsnBytes(headLsn(s!), sl.restart_lsn),
      });
    }
  }
  return {
    at: at.toISOString(),
    nodes,
    edges,
    subscriptions,
    slots,
    paths: heartbeatPaths(t, results, edges),
  };
}

const ms = (ts: string) => new Date(ts.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).getTime();

/**
 * Logical hops: the heartbeat row of origin X as it arrived on subscriber N — N's arrival time minus X's send time,
 * each corrected by its node's clock skew to the panel. A standby adds its upstream's replay lag for the physical
 * hop, counted only when it has replayed the same heartbeat as its upstream.
 */
export function heartbeatPaths(
  t: Topology,
  results: Record<string, NodeResult>,
  edges: EdgeState[],
): PathLatency[] {
  const row = (node: string, origin: string) => {
    const r = results[node];
    return r?.ok ? { hb: r.sample.heartbeats?.find((h) => h.origin === origin), skew: r.skewMs } : null;
  };
  const paths: PathLatency[] = [];
  const seen = new Set<string>();
  for (const sub of t.subscriptions) {
    const key = `${sub.publisher}>${sub.node}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sent = row(sub.publisher, sub.publisher);
    const got = row(sub.node, sub.publisher);
    if (!sent?.hb || !got?.hb?.arrived_at || got.hb.seq !== sent.hb.seq) continue;
    const latency = Math.max(0, ms(got.hb.arrived_at) - got.skew - (ms(sent.hb.sent_at) - sent.skew));
    paths.push({ path: [sub.publisher, sub.node], latencyMs: Math.round(latency * 10) / 10 });
  }
  // Standbys below each subscriber, level by level.
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i]!;
    const last = p.path[p.path.length - 1]!;
    for (const standby of t.standbys.filter((s) => s.upstream === last)) {
      const edge = edges.find((e) => e.kind === 'physical' && e.to === standby.node);
      const up = row(last, p.path[0]!);
      const down = row(standby.node, p.path[0]!);
      if (!edge || edge.lagSeconds === null || !up?.hb || down?.hb?.seq !== up.hb.seq) continue;
      paths.push({
        path: [...p.path, standby.node],
        latencyMs: Math.round((p.latencyMs + edge.lagSeconds * 1000) * 10) / 10,
      });
    }
  }
  return paths;
}

/** The numbers kept as time series, one point per tick. */
export function seriesOf(snapshot: ClusterSnapshot): Array<{ series: string; value: number }> {
  const out: Array<{ series: string; value: number }> = [];
  for (const e of snapshot.edges) {
    const name = e.kind === 'physical' ? `replay_lag` : `subscription_lag`;
    const edge = e.kind === 'physical' ? `${e.from}->${e.to}` : e.id.slice('logical:'.length);
    if (e.lagBytes !== null) out.push({ series: `${name}_bytes:${edge}`, value: e.lagBytes });
    if (e.lagSeconds !== null) out.push({ series: `${name}_seconds:${edge}`, value: e.lagSeconds });
  }
  for (const s of snapshot.slots)
    if (s.retainedBytes !== null)
      out.push({ series: `slot_retained_bytes:${s.node}/${s.slot}`, value: s.retainedBytes });
  for (const p of snapshot.paths)
    out.push({ series: `heartbeat_ms:${p.path.join('->')}`, value: p.latencyMs });
  return out;
}
