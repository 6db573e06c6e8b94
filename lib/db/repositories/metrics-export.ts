import 'server-only';
import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../client';
import { clusterStatus, metricPoints } from '../schema';
import { listClusters } from './clusters';
import type { ClusterExport } from '@/lib/monitor/prometheus';
import type { ClusterSnapshot } from '@/lib/monitor/snapshot';

const WAL_RATE = 'wal_bytes_per_second:';

/** Every watched cluster's latest snapshot with the WAL rates stored in the same tick: what `GET /metrics` renders. */
export async function clustersForExport(db: Db): Promise<ClusterExport[]> {
  const clusters = await listClusters(db);
  const statuses = new Map((await db.select().from(clusterStatus)).map((s) => [s.clusterId, s]));
  const out: ClusterExport[] = [];
  for (const c of clusters) {
    const status = statuses.get(c.id);
    if (!status) continue;
    // The sampler stores the rate points with the snapshot's own time: these are the latest ones.
    const rates = await db
      .select({ series: metricPoints.series, value: metricPoints.value })
      .from(metricPoints)
      .where(and(eq(metricPoints.clusterId, c.id), eq(metricPoints.at, status.at), like(metricPoints.series, `${WAL_RATE}%`)));
    out.push({
      id: c.id,
      name: c.name,
      snapshot: status.snapshot as ClusterSnapshot,
      walBytesPerSecond: Object.fromEntries(rates.map((r) => [r.series.slice(WAL_RATE.length), r.value])),
    });
  }
  return out;
}
