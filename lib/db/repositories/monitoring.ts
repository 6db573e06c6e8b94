import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { alerts, clusterStatus, metricPoints, metricRollups } from '../schema';
import type { ClusterSnapshot } from '@/lib/monitor/snapshot';
import type { FiringAlert } from '@/lib/monitor/alerts';
import { rollUp } from '@/lib/monitor/rollup';

export async function saveTick(db: Db, clusterId: string, at: Date, snapshot: ClusterSnapshot, points: Array<{ series: string; value: number }>): Promise<void> {
  if (points.length > 0) await db.insert(metricPoints).values(points.map((p) => ({ clusterId, series: p.series, at, value: p.value })));
  await db
    .insert(clusterStatus)
    .values({ clusterId, at, snapshot })
    .onConflictDoUpdate({ target: clusterStatus.clusterId, set: { at, snapshot } });
}

/** Open alerts that started firing, clear those that stopped. */
export async function reconcileAlerts(db: Db, clusterId: string, at: Date, firing: FiringAlert[]): Promise<void> {
  const open = await db.select().from(alerts).where(and(eq(alerts.clusterId, clusterId), isNull(alerts.clearedAt)));
  const openKeys = new Set(open.map((a) => a.key));
  const firingKeys = new Set(firing.map((a) => a.key));
  const fresh = firing.filter((a) => !openKeys.has(a.key));
  if (fresh.length > 0) await db.insert(alerts).values(fresh.map((a) => ({ clusterId, key: a.key, severity: a.severity, message: a.message, startedAt: at })));
  const gone = open.filter((a) => !firingKeys.has(a.key)).map((a) => a.id);
  if (gone.length > 0) await db.update(alerts).set({ clearedAt: at }).where(inArray(alerts.id, gone));
}

export async function latestStatus(db: Db, clusterId: string) {
  const [row] = await db.select().from(clusterStatus).where(eq(clusterStatus.clusterId, clusterId));
  return row ? { at: row.at, snapshot: row.snapshot as ClusterSnapshot } : null;
}

export async function recentAlerts(db: Db, clusterId: string, limit = 50) {
  return db.select().from(alerts).where(eq(alerts.clusterId, clusterId)).orderBy(desc(alerts.startedAt)).limit(limit);
}

export interface SeriesPoints {
  series: string;
  /** raw (one point a second), `<n>s` buckets, or 1m roll-ups. */
  resolution: string;
  points: Array<[at: number, value: number, min?: number, max?: number]>;
}

const RAW_KEPT_MS = 60 * 60_000;

/**
 * Points of a cluster's series in a window: from the raw samples when the window starts within the hour they are
 * kept, else from the one-minute roll-ups. At most `maxPoints` per series: longer windows come back as
 * avg/min/max buckets (date_bin): 400 per series draw a chart well, and keep an hour's answer small.
 */
export async function readSeries(db: Db, clusterId: string, from: Date, to: Date, series?: string[], maxPoints = 400): Promise<SeriesPoints[]> {
  const out = new Map<string, SeriesPoints>();
  const add = (name: string, resolution: SeriesPoints['resolution'], point: SeriesPoints['points'][number]) => {
    const s = out.get(name) ?? { series: name, resolution, points: [] };
    s.points.push(point);
    out.set(name, s);
  };
  const seriesFilter = series && series.length > 0 ? sql` AND series IN (${sql.join(series.map((name) => sql`${name}`), sql`, `)})` : sql``;
  if (from.getTime() >= Date.now() - RAW_KEPT_MS - 5 * 60_000) {
    const bucketMs = Math.max(1000, Math.ceil((to.getTime() - from.getTime()) / maxPoints));
    const raw = bucketMs <= 1000;
    const fromMs = from.getTime();
    // Buckets line up on `from`; PostgreSQL builds one JSON array per series (tens of rows, not thousands).
    const result = await db.execute(sql`
      SELECT series, json_agg(CASE WHEN ${raw} THEN json_build_array(t, a) ELSE json_build_array(t, a, mn, mx) END ORDER BY t)::text AS points
        FROM (SELECT series, (${fromMs}::float8 + floor((extract(epoch FROM at)::float8 * 1000 - ${fromMs}::float8) / ${bucketMs}::float8) * ${bucketMs}::float8)::bigint AS t,
                     avg(value) AS a, min(value) AS mn, max(value) AS mx
                FROM metric_points
               WHERE cluster_id = ${clusterId} AND at >= ${from.toISOString()}::timestamptz AND at <= ${to.toISOString()}::timestamptz ${seriesFilter}
               GROUP BY series, 2) b
       GROUP BY series ORDER BY series`);
    const resolution = raw ? 'raw' : `${Math.round(bucketMs / 1000)}s`;
    return (result as unknown as { rows: Array<{ series: string; points: string }> }).rows.map((r) => ({
      series: r.series,
      resolution,
      points: JSON.parse(r.points) as SeriesPoints['points'],
    }));
  }
  const rows = await db
    .select()
    .from(metricRollups)
    .where(and(eq(metricRollups.clusterId, clusterId), gte(metricRollups.minute, from), lte(metricRollups.minute, to), ...(series ? [inArray(metricRollups.series, series)] : [])))
    .orderBy(asc(metricRollups.minute));
  for (const r of rows) add(r.series, '1m', [r.minute.getTime(), r.avg, r.min, r.max]);
  return [...out.values()];
}

/** Roll the last complete minutes up, then prune raw points older than an hour and roll-ups older than a week. */
export async function rollUpAndPrune(db: Db, now: Date): Promise<void> {
  const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const start = new Date(end.getTime() - 5 * 60_000);
  const rows = await db.select().from(metricPoints).where(and(gte(metricPoints.at, start), lt(metricPoints.at, end)));
  const byCluster = new Map<string, typeof rows>();
  for (const r of rows) byCluster.set(r.clusterId, [...(byCluster.get(r.clusterId) ?? []), r]);
  for (const [clusterId, points] of byCluster) {
    for (const r of rollUp(points)) {
      await db
        .insert(metricRollups)
        .values({ clusterId, ...r })
        .onConflictDoUpdate({ target: [metricRollups.clusterId, metricRollups.series, metricRollups.minute], set: { min: r.min, avg: r.avg, max: r.max, count: r.count } });
    }
  }
  await db.delete(metricPoints).where(lt(metricPoints.at, new Date(now.getTime() - 60 * 60_000)));
  await db.delete(metricRollups).where(lt(metricRollups.minute, new Date(now.getTime() - 7 * 24 * 60 * 60_000)));
}
