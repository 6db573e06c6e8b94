import 'server-only';
import type { AlertRow, SeriesPoints } from '@/lib/db/repositories/monitoring';
import type { FiringAlert } from './alerts';
import type { ClusterSnapshot } from './snapshot';

/** GET /api/clusters/:id/status: the latest sample (empty lists and `at` null before the first) and the recent alerts (`clearedAt` null while open). */
export function presentLiveStatus(status: { at: Date; snapshot: ClusterSnapshot } | null, alerts: AlertRow[]) {
  const snapshot = status?.snapshot;
  return {
    at: status?.at ?? null,
    nodes: snapshot?.nodes ?? [],
    edges: snapshot?.edges ?? [],
    subscriptions: snapshot?.subscriptions ?? [],
    slots: snapshot?.slots ?? [],
    // Samples saved before path latencies were measured have none.
    paths: snapshot?.paths ?? [],
    alerts: alerts.map((a) => ({
      key: a.key,
      severity: a.severity as FiringAlert['severity'],
      message: a.message,
      startedAt: a.startedAt,
      clearedAt: a.clearedAt,
    })),
  };
}

/** What a series measures, from its name's suffix. */
export type MetricUnit = 'B' | 's' | 'ms' | 'B/s' | '';

const UNITS: Array<[RegExp, MetricUnit]> = [
  [/_bytes_per_second:/, 'B/s'],
  [/_bytes:/, 'B'],
  [/_seconds:/, 's'],
  [/_ms:/, 'ms'],
];

/** GET /api/clusters/:id/metrics: each series (`replay_lag_bytes:vm3->vm4`) split into metric and subject, with its unit. */
export function presentSeries(from: Date, to: Date, rows: SeriesPoints[]) {
  return {
    from,
    to,
    series: rows.map((s) => {
      const [metric = s.series, subject = ''] = s.series.split(':');
      return { name: s.series, metric, subject, unit: UNITS.find(([re]) => re.test(s.series))?.[1] ?? '', resolution: s.resolution, points: s.points };
    }),
  };
}
