import { linkId, type GraphLive } from '@/components/topology-graph/topology-graph.utils';
import type { ClusterLiveStatus, MetricSeries, MetricUnit, MonitorAlert } from '@/lib/queries/types';
import { formatLag, parsePgTime } from './format.utils';

/** One chart of the dashboard: the series of one metric. */
export interface ChartSpec {
  id: string;
  metric: string;
  title: string;
  unit: MetricUnit;
}

/** The dashboard's charts, in the order they are shown. */
export const CHARTS: readonly ChartSpec[] = [
  { id: 'replay-lag-seconds', metric: 'replay_lag_seconds', title: 'Replay lag of standbys (time)', unit: 's' },
  { id: 'replay-lag-bytes', metric: 'replay_lag_bytes', title: 'Replay lag of standbys (bytes)', unit: 'B' },
  { id: 'subscription-lag-seconds', metric: 'subscription_lag_seconds', title: 'Subscription lag (time)', unit: 's' },
  { id: 'subscription-lag-bytes', metric: 'subscription_lag_bytes', title: 'Subscription lag (bytes)', unit: 'B' },
  { id: 'heartbeat-latency', metric: 'heartbeat_ms', title: 'End-to-end heartbeat latency', unit: 'ms' },
  { id: 'wal-generated', metric: 'wal_bytes_per_second', title: 'WAL generated per node', unit: 'B/s' },
  { id: 'wal-retained', metric: 'slot_retained_bytes', title: 'Retained WAL per slot', unit: 'B' },
];

/** uPlot's data: x values (epoch seconds), then one row of y values per series, null where it has no point. */
export type AlignedSeries = [number[], ...Array<Array<number | null>>];

/** Put the series on one x axis (the union of their times, in seconds), as uPlot wants them. */
export function alignSeries(series: ReadonlyArray<Pick<MetricSeries, 'points'>>): AlignedSeries {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const rows = series.map((s) => {
    const row = new Array<number | null>(times.length).fill(null);
    for (const [t, value] of s.points) row[index.get(t)!] = value;
    return row;
  });
  return [times.map((t) => t / 1000), ...rows];
}

/** Per series, the index of its newest value (for x, the newest time): what the legend shows when not hovering. */
export function latestIndexes(data: ReadonlyArray<ArrayLike<number | null | undefined>>): Array<number | null> {
  return data.map((row, i) => {
    if (i === 0) return row.length > 0 ? row.length - 1 : null;
    for (let j = row.length - 1; j >= 0; j--) if (row[j] !== null && row[j] !== undefined) return j;
    return null;
  });
}

const arrow = (subject: string) => subject.split('->').join(' → ');

/**
 * A series' name in a legend: `vm3 → vm4` for a standby link and heartbeat paths, `vm1 → vm3 (sub)` for a
 * subscription (`sub on vm3` when its publisher is unknown), `slot on vm3` for a slot, the node for WAL rates.
 */
export function seriesLabel(s: Pick<MetricSeries, 'metric' | 'subject'>, publishers: Record<string, string> = {}): string {
  const [node = '', name = ''] = s.subject.split('/');
  switch (s.metric) {
    case 'subscription_lag_bytes':
    case 'subscription_lag_seconds': {
      const publisher = publishers[s.subject];
      return publisher ? `${publisher} → ${node} (${name})` : `${name} on ${node}`;
    }
    case 'slot_retained_bytes':
      return `${name} on ${node}`;
    default:
      return arrow(s.subject);
  }
}

/** Subscriptions' publishers by `node/subscription`, to label subscription series as links. */
export function publishersOf(status: Pick<ClusterLiveStatus, 'subscriptions'> | undefined): Record<string, string> {
  return Object.fromEntries((status?.subscriptions ?? []).map((s) => [`${s.node}/${s.name}`, s.publisher]));
}

export interface ChartData {
  spec: ChartSpec;
  /** Series names, in the chart's order. */
  names: string[];
  labels: string[];
  data: AlignedSeries;
  /** The resolution the server answered with (`raw`, `3s`, `1m`), when there is a series. */
  resolution: string | null;
}

/** Every chart with its series, aligned for uPlot. A chart with no series yet is still listed (it says so). */
export function buildCharts(series: readonly MetricSeries[], publishers: Record<string, string> = {}): ChartData[] {
  return CHARTS.map((spec) => {
    const mine = series.filter((s) => s.metric === spec.metric).sort((a, b) => a.name.localeCompare(b.name));
    return {
      spec,
      names: mine.map((s) => s.name),
      labels: mine.map((s) => seriesLabel(s, publishers)),
      data: alignSeries(mine),
      resolution: mine[0]?.resolution ?? null,
    };
  });
}

/** Open alerts first, then cleared ones; newest first within each. */
export function sortAlerts(alerts: readonly MonitorAlert[]): MonitorAlert[] {
  const t = (a: MonitorAlert) => Date.parse(a.startedAt) || 0;
  return [...alerts].sort((a, b) => Number(a.clearedAt !== null) - Number(b.clearedAt !== null) || t(b) - t(a));
}

/** The live state drawn over the topology graph: node health, and each link's lag or the reason it is broken. */
export function graphLive(status: Pick<ClusterLiveStatus, 'nodes' | 'edges'>): GraphLive {
  const nodes: GraphLive['nodes'] = {};
  for (const n of status.nodes) {
    nodes[n.name] = !n.up
      ? { health: 'down', detail: `down: ${n.error ?? 'no answer'}` }
      : n.inRecovery
        ? { health: 'recovery', detail: 'up · in recovery' }
        : { health: 'up', detail: 'up · primary' };
  }
  // A drawn logical link stands for every subscription between its two nodes: worst state, largest lag.
  const grouped = new Map<string, ClusterLiveStatus['edges']>();
  for (const e of status.edges) {
    const id = linkId(e.kind, e.from, e.to);
    grouped.set(id, [...(grouped.get(id) ?? []), e]);
  }
  const links: GraphLive['links'] = {};
  for (const [id, edges] of grouped) {
    const broken = edges.filter((e) => !e.healthy);
    const max = (values: Array<number | null>) => {
      const known = values.filter((v): v is number => v !== null);
      return known.length ? Math.max(...known) : null;
    };
    links[id] = broken.length
      ? { isBroken: true, text: [...new Set(broken.map((e) => e.reason ?? 'broken'))].join('; ') }
      : { isBroken: false, text: formatLag(max(edges.map((e) => e.lagSeconds)), max(edges.map((e) => e.lagBytes))) };
  }
  return { nodes, links };
}

export interface WalReceiverRow {
  standby: string;
  upstream: string;
  /** pg_stat_wal_receiver.status, or why there is none. */
  status: string;
  isStreaming: boolean;
  sender: string | null;
  slot: string | null;
  lastMessageAt: string | null;
  /** Seconds between the standby's last message and the sample, corrected for its clock offset. */
  lastMessageAgeSeconds: number | null;
}

/** Seconds from `receivedAt` (the node's clock, `skewMs` ahead of the panel's) to the sample time `at`; never negative. */
export function messageAgeSeconds(at: string | null, receivedAt: string | null, skewMs: number | null): number | null {
  if (!at || !receivedAt) return null;
  const sample = parsePgTime(at);
  const received = parsePgTime(receivedAt);
  if (Number.isNaN(sample) || Number.isNaN(received)) return null;
  return Math.max(0, (sample - (received - (skewMs ?? 0))) / 1000);
}

/** The WAL receiver of every standby (each physical link's target), with the reason when there is none. */
export function walReceiverRows(status: Pick<ClusterLiveStatus, 'at' | 'nodes' | 'edges'>): WalReceiverRow[] {
  const rows: WalReceiverRow[] = [];
  for (const e of status.edges) {
    if (e.kind !== 'physical' || rows.some((r) => r.standby === e.to)) continue;
    const node = status.nodes.find((n) => n.name === e.to);
    const wr = node?.walReceiver ?? null;
    rows.push({
      standby: e.to,
      upstream: e.from,
      status: !node?.up ? 'node down' : (wr?.status ?? 'no WAL receiver'),
      isStreaming: wr?.status === 'streaming',
      sender: wr?.sender_host ? `${wr.sender_host}:${wr.sender_port ?? ''}` : null,
      slot: wr?.slot_name ?? null,
      lastMessageAt: wr?.last_msg_receipt_time ?? null,
      lastMessageAgeSeconds: messageAgeSeconds(status.at, wr?.last_msg_receipt_time ?? null, node?.skewMs ?? null),
    });
  }
  return rows;
}

/** How old the latest sample was when it was read, in seconds (client clock against the panel's). */
export function sampleAgeSeconds(at: string | null, readAt: number): number | null {
  if (!at) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : Math.max(0, (readAt - t) / 1000);
}

/** Samples older than this say the sampler has stopped (or the panel's clock and the browser's disagree). */
export const STALE_SAMPLE_SECONDS = 10;
