import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { alerts, clusterStatus, metricBuckets, metricPoints, metricRollups } from '../schema';
import { bucketMsFor, ROLLUP_10S_MS } from '@/lib/monitor/buckets';
import type { ClusterSnapshot } from '@/lib/monitor/snapshot';
import type { FiringAlert } from '@/lib/monitor/alerts';
import { rollUp } from '@/lib/monitor/rollup';

export async function saveTick(
  db: Db,
  clusterId: string,
  at: Date,
  snapshot: ClusterSnapshot,
  points: Array<{ series: string; value: number }>,
): Promise<void> {
  if (points.length > 0)
    await db
      .insert(metricPoints)
      .values(points.map((p) => ({ clusterId, series: p.series, at, value: p.value })));
  await db
    .insert(clusterStatus)
    .values({ clusterId, at, snapshot })
    .onConflictDoUpdate({ target: clusterStatus.clusterId, set: { at, snapshot } });
}

/** Open alerts that started firing, clear those that stopped; how many opened or cleared. */
export async function reconcileAlerts(
  db: Db,
  clusterId: string,
  at: Date,
  firing: FiringAlert[],
): Promise<number> {
  const open = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.clusterId, clusterId), isNull(alerts.clearedAt)));
  const openKeys = new Set(open.map((a) => a.key));
  const firingKeys = new Set(firing.map((a) => a.key));
  const fresh = firing.filter((a) => !openKeys.has(a.key));
  if (fresh.length > 0)
    await db.insert(alerts).values(
      fresh.map((a) => ({
        clusterId,
        key: a.key,
        severity: a.severity,
        message: a.message,
        startedAt: at,
      })),
    );
  const gone = open.filter((a) => !firingKeys.has(a.key)).map((a) => a.id);
  if (gone.length > 0) await db.update(alerts).set({ clearedAt: at }).where(inArray(alerts.id, gone));
  return fresh.length + gone.length;
}

export type AlertRow = typeof alerts.$inferSelect;

export async function latestStatus(db: Db, clusterId: string) {
  const [row] = await db.select().from(clusterStatus).where(eq(clusterStatus.clusterId, clusterId));
  return row ? { at: row.at, snapshot: row.snapshot as ClusterSnapshot } : null;
}

export async function recentAlerts(db: Db, clusterId: string, limit = 50) {
  return db
    .select()
    .from(alerts)
    .where(eq(alerts.clusterId, clusterId))
    .orderBy(desc(alerts.startedAt))
    .limit(limit);
}

export interface SeriesPoints {
  series: string;
  /** raw (one point a second), `<n>s` buckets, or 1m roll-ups. */
  resolution: string;
  points: Array<[at: number, value: number, min?: number, max?: number]>;
}

const RAW_KEPT_MS = 60 * 60_000;

/**
 * Points of a cluster's series in a window: within the hour, from the raw samples (1 s, or buckets of a few
 * seconds) or, for buckets of whole 10 s multiples, from the 10-second roll-ups plus the raw tail not rolled up
 * yet; older windows from the one-minute roll-ups. At most `maxPoints` per series, as avg/min/max buckets aligned
 * on `from`; PostgreSQL builds one JSON array per series (tens of rows, not thousands), values to 3 decimals,
 * min/max left out where they equal the average (a flat bucket).
 */
export async function readSeries(
  db: Db,
  clusterId: string,
  from: Date,
  to: Date,
  series?: string[],
  maxPoints = 400,
): Promise<SeriesPoints[]> {
  if (from.getTime() < Date.now() - RAW_KEPT_MS - 5 * 60_000)
    return readMinuteRollups(db, clusterId, from, to, series);
  const bucketMs = bucketMsFor(to.getTime() - from.getTime(), maxPoints);
  const raw = bucketMs <= 1000;
  const fromMs = from.getTime();
  const seriesFilter =
    series && series.length > 0
      ? sql` AND series IN (${sql.join(
          series.map((name) => sql`${name}`),
          sql`, `,
        )})`
      : sql``;
  // A bucket is in the window when it overlaps it (it starts less than 10 s before `from`).
  const inWindow = (column: string, widthMs = 0) =>
    sql`cluster_id = ${clusterId} AND ${sql.raw(column)} > ${new Date(from.getTime() - widthMs - (widthMs > 0 ? 0 : 1)).toISOString()}::timestamptz AND ${sql.raw(column)} <= ${to.toISOString()}::timestamptz ${seriesFilter}`;
  const source =
    bucketMs % ROLLUP_10S_MS === 0
      ? sql`(SELECT series, bucket AS at, avg * count AS total, count AS n, min AS mn, max AS mx FROM metric_buckets WHERE ${inWindow('bucket', ROLLUP_10S_MS)}
             UNION ALL
             SELECT series, at, value, 1, value, value FROM metric_points WHERE ${inWindow('at')}
                AND at >= (SELECT coalesce(max(bucket) + interval '10 seconds', '-infinity') FROM metric_buckets WHERE cluster_id = ${clusterId} AND bucket >= ${from.toISOString()}::timestamptz))`
      : sql`(SELECT series, at, value AS total, 1 AS n, value AS mn, value AS mx FROM metric_points WHERE ${inWindow('at')})`;
  const result = await db.execute(sql`
    SELECT series, json_agg(CASE WHEN ${raw} OR mn = mx THEN json_build_array(t, a) ELSE json_build_array(t, a, mn, mx) END ORDER BY t)::text AS points
      FROM (SELECT series, (${fromMs}::float8 + floor((extract(epoch FROM at)::float8 * 1000 - ${fromMs}::float8) / ${bucketMs}::float8) * ${bucketMs}::float8)::bigint AS t,
                   round(sum(total) / sum(n) * 1000) / 1000 AS a, round(min(mn) * 1000) / 1000 AS mn, round(max(mx) * 1000) / 1000 AS mx
              FROM ${source} s
             GROUP BY series, 2) b
     GROUP BY series ORDER BY series`);
  const resolution = raw ? 'raw' : `${Math.round(bucketMs / 1000)}s`;
  return (result as unknown as { rows: Array<{ series: string; points: string }> }).rows.map((r) => ({
    series: r.series,
    resolution,
    points: JSON.parse(r.points) as SeriesPoints['points'],
  }));
}

async function readMinuteRollups(
  db: Db,
  clusterId: string,
  from: Date,
  to: Date,
  series?: string[],
): Promise<SeriesPoints[]> {
  const rows = await db
    .select()
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.clusterId, clusterId),
        gte(metricRollups.minute, from),
        lte(metricRollups.minute, to),
        ...(series ? [inArray(metricRollups.series, series)] : []),
      ),
    )
    .orderBy(asc(metricRollups.minute));
  const out = new Map<string, SeriesPoints>();
  for (const r of rows) {
    const s = out.get(r.series) ?? { series: r.series, resolution: '1m', points: [] };
    s.points.push([r.minute.getTime(), r.avg, r.min, r.max]);
    out.set(r.series, s);
  }
  return [...out.values()];
}

/** Roll the raw samples of complete 10-second buckets up (the last three again, for points that came late). */
export async function rollUpTenSeconds(db: Db, now: Date, lookbackMs = 3 * ROLLUP_10S_MS): Promise<void> {
  const end = new Date(Math.floor(now.getTime() / ROLLUP_10S_MS) * ROLLUP_10S_MS);
  const start = new Date(end.getTime() - lookbackMs);
  await db.execute(sql`
    INSERT INTO metric_buckets (cluster_id, series, bucket, min, avg, max, count)
    SELECT cluster_id, series, to_timestamp(floor(extract(epoch FROM at) / 10) * 10), min(value), avg(value), max(value), count(*)
      FROM metric_points WHERE at >= ${start.toISOString()}::timestamptz AND at < ${end.toISOString()}::timestamptz
     GROUP BY 1, 2, 3
    ON CONFLICT (cluster_id, series, bucket) DO UPDATE SET min = excluded.min, avg = excluded.avg, max = excluded.max, count = excluded.count`);
}

/** Roll the last complete minutes up, then prune raw points older than an hour and roll-ups older than a week. */
export async function rollUpAndPrune(db: Db, now: Date): Promise<void> {
  const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const start = new Date(end.getTime() - 5 * 60_000);
  const rows = await db
    .select()
    .from(metricPoints)
    .where(and(gte(metricPoints.at, start), lt(metricPoints.at, end)));
  const byCluster = new Map<string, typeof rows>();
  for (const r of rows) byCluster.set(r.clusterId, [...(byCluster.get(r.clusterId) ?? []), r]);
  for (const [clusterId, points] of byCluster) {
    for (const r of rollUp(points)) {
      await db
        .insert(metricRollups)
        .values({ clusterId, ...r })
        .onConflictDoUpdate({
          target: [metricRollups.clusterId, metricRollups.series, metricRollups.minute],
          set: { min: r.min, avg: r.avg, max: r.max, count: r.count },
        });
    }
  }
  await db.delete(metricPoints).where(lt(metricPoints.at, new Date(now.getTime() - RAW_KEPT_MS)));
  await db
    .delete(metricBuckets)
    .where(lt(metricBuckets.bucket, new Date(now.getTime() - RAW_KEPT_MS - 6 * 60_000)));
  await db
    .delete(metricRollups)
    .where(lt(metricRollups.minute, new Date(now.getTime() - 7 * 24 * 60 * 60_000)));
}
