import type { ClusterSnapshot } from './snapshot';

/** One cluster's latest sample, as `GET /metrics` exports it. */
export interface ClusterExport {
  id: string;
  name: string;
  snapshot: ClusterSnapshot;
  /** WAL written per second by each node, from the sampler's last two samples (`wal_bytes_per_second:<node>`). */
  walBytesPerSecond: Record<string, number>;
}

type Labels = Record<string, string>;
type MetricType = 'gauge' | 'counter';

interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Array<{ labels: Labels; value: number }>;
}

/** The states a subscription is exported in, one 0/1 series each (the Prometheus way to export an enum). */
export const SUBSCRIPTION_STATES = ['streaming', 'stopped', 'disabled', 'unknown'] as const;
/** pg_replication_slots.wal_status values (PostgreSQL 13+). */
export const WAL_STATUSES = ['reserved', 'extended', 'unreserved', 'lost'] as const;

/** A label value inside double quotes: backslash, double quote and line feed escaped, as the format asks. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Go's ParseFloat reads it. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
};

class Registry {
  private readonly families = new Map<string, Family>();

  define(name: string, type: MetricType, help: string): (labels: Labels, value: number) => void {
    const family: Family = { name, type, help, samples: [] };
    this.families.set(name, family);
    return (labels, value) => family.samples.push({ labels, value });
  }

  render(): string {
    const lines: string[] = [];
    for (const f of this.families.values()) {
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of f.samples) lines.push(`${f.name}${labelText(s.labels)} ${formatValue(s.value)}`);
    }
    return lines.join('\n') + '\n';
  }
}

const bool = (b: boolean) => (b ? 1 : 0);

/** The state a subscription is in, by the sample: worker streaming, enabled but no worker, disabled, or not readable. */
export function subscriptionState(s: ClusterSnapshot['subscriptions'][number]): (typeof SUBSCRIPTION_STATES)[number] {
  if (s.enabled === null) return 'unknown';
  if (!s.enabled) return 'disabled';
  return s.workerRunning ? 'streaming' : 'stopped';
}

/**
 * The Prometheus text exposition (format 0.0.4) of every cluster's latest sample. Pure: the route reads the
 * samples, this only renders them. Values the sampler could not measure are left out, never exported as 0.
 */
export function renderMetrics(clusters: ClusterExport[], now: Date): string {
  const r = new Registry();
  const sampleTime = r.define('pgcascade_sample_timestamp_seconds', 'gauge', 'When the panel last sampled the cluster (Unix time).');
  const sampleAge = r.define('pgcascade_sample_age_seconds', 'gauge', 'How old the latest sample of the cluster is.');
  const nodeUp = r.define('pgcascade_node_up', 'gauge', 'Whether the node answered the last sample (1) or not (0).');
  const inRecovery = r.define('pgcascade_node_in_recovery', 'gauge', 'Whether the node is a standby in recovery (1) or a primary (0).');
  const walRate = r.define('pgcascade_node_wal_bytes_per_second', 'gauge', 'WAL the node wrote (primary) or received (standby) per second between the last two samples.');
  const clockOffset = r.define('pgcascade_node_clock_offset_seconds', 'gauge', "The node's clock minus the panel's, measured at the middle of the sample's round trip.");
  const edgeHealthy = r.define('pgcascade_edge_healthy', 'gauge', 'Whether the replication link streams (1) or is broken (0).');
  const edgeLagBytes = r.define('pgcascade_edge_lag_bytes', 'gauge', 'WAL the downstream node has not yet confirmed (logical) or replayed (physical), in bytes.');
  const edgeLagSeconds = r.define('pgcascade_edge_lag_seconds', 'gauge', 'How far behind its upstream the downstream node is, in seconds.');
  const subState = r.define('pgcascade_subscription_state', 'gauge', 'The state of the subscription: 1 for the state it is in, 0 for the others.');
  const applyErrors = r.define('pgcascade_subscription_apply_errors_total', 'counter', 'Errors of the apply worker (pg_stat_subscription_stats.apply_error_count).');
  const syncErrors = r.define('pgcascade_subscription_sync_errors_total', 'counter', 'Errors of the initial table sync (pg_stat_subscription_stats.sync_error_count).');
  const subLagBytes = r.define('pgcascade_subscription_lag_bytes', 'gauge', 'WAL of the publisher the subscription has not confirmed yet, in bytes.');
  const subLagSeconds = r.define('pgcascade_subscription_lag_seconds', 'gauge', 'How far behind its publisher the subscription is, in seconds.');
  const slotActive = r.define('pgcascade_slot_active', 'gauge', 'Whether a consumer is connected to the replication slot (1) or not (0).');
  const slotRetained = r.define('pgcascade_slot_retained_bytes', 'gauge', 'WAL the replication slot holds back on its node (current position minus restart_lsn), in bytes.');
  const slotWalStatus = r.define('pgcascade_slot_wal_status', 'gauge', 'pg_replication_slots.wal_status: 1 for the current value, 0 for the others.');
  const pathLatency = r.define('pgcascade_path_latency_seconds', 'gauge', 'End-to-end latency of a heartbeat row from the origin to the last node of the path.');

  for (const c of clusters) {
    const s = c.snapshot;
    const cluster = { cluster: c.name, cluster_id: c.id };
    const at = new Date(s.at).getTime();
    if (Number.isFinite(at)) {
      sampleTime(cluster, at / 1000);
      sampleAge(cluster, Math.max(0, (now.getTime() - at) / 1000));
    }
    for (const n of s.nodes) {
      const labels = { ...cluster, node: n.name };
      nodeUp(labels, bool(n.up));
      if (n.inRecovery !== null) inRecovery(labels, bool(n.inRecovery));
      const rate = c.walBytesPerSecond[n.name];
      if (rate !== undefined) walRate(labels, rate);
      if (n.skewMs !== null) clockOffset(labels, n.skewMs / 1000);
    }
    for (const e of s.edges) {
      const labels = {
        ...cluster,
        node: e.to,
        upstream: e.from,
        kind: e.kind,
        ...(e.kind === 'logical' ? { subscription: e.id.slice(e.id.indexOf('/') + 1) } : { slot: e.label }),
      };
      edgeHealthy(labels, bool(e.healthy));
      if (e.lagBytes !== null) edgeLagBytes(labels, e.lagBytes);
      if (e.lagSeconds !== null) edgeLagSeconds(labels, e.lagSeconds);
    }
    for (const sub of s.subscriptions) {
      const labels = { ...cluster, node: sub.node, subscription: sub.name, publisher: sub.publisher };
      const state = subscriptionState(sub);
      for (const st of SUBSCRIPTION_STATES) subState({ ...labels, state: st }, bool(st === state));
      // Only from a row actually read: a node that did not answer has no counters, not zero errors.
      if (sub.enabled !== null) {
        applyErrors(labels, sub.applyErrors);
        syncErrors(labels, sub.syncErrors);
      }
      const edge = s.edges.find((e) => e.id === `logical:${sub.node}/${sub.name}`);
      if (edge?.lagBytes != null) subLagBytes(labels, edge.lagBytes);
      if (edge?.lagSeconds != null) subLagSeconds(labels, edge.lagSeconds);
    }
    for (const sl of s.slots) {
      const labels = { ...cluster, node: sl.node, slot: sl.slot, slot_type: sl.type };
      slotActive(labels, bool(sl.active));
      if (sl.retainedBytes !== null) slotRetained(labels, sl.retainedBytes);
      if (sl.walStatus !== null) {
        const known: readonly string[] = WAL_STATUSES;
        const values = known.includes(sl.walStatus) ? known : [...known, sl.walStatus];
        for (const w of values) slotWalStatus({ ...labels, wal_status: w }, bool(w === sl.walStatus));
      }
    }
    for (const p of s.paths) {
      // A path without an honest figure has no sample rather than a guessed one.
      if (p.latencyMs === null) continue;
      pathLatency(
        { ...cluster, path: p.path.join('->'), origin: p.path[0] ?? '', node: p.path[p.path.length - 1] ?? '' },
        p.latencyMs / 1000,
      );
    }
  }
  return r.render();
}
