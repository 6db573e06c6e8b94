import type { Topology } from '@/lib/topology/schema';
import { slotName } from '@/lib/topology';
import { lsnBytes } from './lsn';
import { replayLagSeconds, subscriptionLagSeconds } from './lag';
import { headLsn, type NodeSample } from './node-sample';
import { arrivalLatency, standbyPaths, type StandbyArrival } from './arrival';

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

/** End-to-end heartbeat latency along one path (origin → … → node), corrected for clock skew; null when not measured, with why. */
export interface PathLatency {
  path: string[];
  latencyMs: number | null;
  reason?: string;
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
export function buildSnapshot(
  t: Topology,
  results: Record<string, NodeResult>,
  at: Date,
  arrivals: StandbyArrival[] = [],
  arrivalFreshMs = ARRIVAL_FRESH_MS,
): ClusterSnapshot {
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
    paths: heartbeatPaths(t, results, arrivals, at, arrivalFreshMs),
  };
}

/** A PostgreSQL timestamptz text in ms since the epoch, keeping its microseconds (Date alone keeps milliseconds). */
export function timestampMs(ts: string): number {
  const iso = ts.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? '';
  return new Date(iso.replace(/\.\d+/, '')).getTime() + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
}
const ms = timestampMs;

/** A standby measurement older than this is not shown as the path's current figure. */
export const ARRIVAL_FRESH_MS = 5_000;

/**
 * Logical hops: the heartbeat row of origin X as it arrived on subscriber N — N's arrival stamp minus X's send time,
 * each corrected by its node's clock skew to the panel. Standbys: the time the same row became visible there, as
 * the arrival watch saw it (see arrival.ts), so the wait for the upstream's WAL flush is counted, not left out.
 */
export function heartbeatPaths(
  t: Topology,
  results: Record<string, NodeResult>,
  arrivals: StandbyArrival[],
  at: Date,
  freshMs = ARRIVAL_FRESH_MS,
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
    const path = [sub.publisher, sub.node];
    const sent = row(sub.publisher, sub.publisher);
    const got = row(sub.node, sub.publisher);
    if (!sent) paths.push({ path, latencyMs: null, reason: `${sub.publisher} is down` });
    else if (!got) paths.push({ path, latencyMs: null, reason: `${sub.node} is down` });
    else if (!sent.hb) paths.push({ path, latencyMs: null, reason: `${sub.publisher} has no heartbeat yet` });
    else if (!got.hb?.arrived_at || got.hb.seq !== sent.hb.seq)
      paths.push({
        path,
        latencyMs: null,
        reason: `${sub.node} has not received ${sub.publisher}'s last heartbeat`,
      });
    else {
      const latency = Math.max(0, ms(got.hb.arrived_at) - got.skew - (ms(sent.hb.sent_at) - sent.skew));
      paths.push({ path, latencyMs: Math.round(latency * 10) / 10 });
    }
  }
  for (const sp of standbyPaths(t)) {
    const a = arrivals
      .filter((x) => x.standby === sp.standby && x.origin === sp.origin)
      .sort((x, y) => Number(y.seq) - Number(x.seq))[0];
    if (!results[sp.standby]?.ok)
      paths.push({ path: sp.path, latencyMs: null, reason: `${sp.standby} is down` });
    else if (!a || at.getTime() - Number(a.seq) > freshMs)
      paths.push({
        path: sp.path,
        latencyMs: null,
        reason: `no heartbeat of ${sp.origin} was watched on ${sp.standby} in the last ${freshMs / 1000} s`,
      });
    else paths.push({ path: sp.path, ...arrivalLatency(a) });
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
    if (p.latencyMs !== null) out.push({ series: `heartbeat_ms:${p.path.join('->')}`, value: p.latencyMs });
  return out;
}
