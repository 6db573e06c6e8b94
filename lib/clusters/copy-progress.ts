import 'server-only';
import { PUBLISHER_SIZES_SQL, subscriberCopySql, tableCopy, type CopySample, type PublisherSizeRow, type SubscriberCopyRow, type SubscriptionCopy } from '@/lib/monitor/copy-progress';
import { isStandby } from '@/lib/topology';
import { nodeAccess } from './endpoints';
import { withNode } from './node-client';
import { requireCluster } from './cluster-lookup';


// The previous reading of each table, for throughput between two requests (the page asks every second).
const g = globalThis as unknown as { __pgcascadeCopySamples?: Map<string, CopySample> };
const samples = (g.__pgcascadeCopySamples ??= new Map());

/** The initial copy of every subscription of a cluster, per table, as it stands now. */
export async function copyProgress(clusterId: string): Promise<SubscriptionCopy[]> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const access = await nodeAccess(clusterId, t);
  const subs = t.subscriptions.filter((s) => !isStandby(t, s.node));
  return Promise.all(
    subs.map(async (s): Promise<SubscriptionCopy> => {
      const base = { node: s.node, subscription: s.name, publisher: s.publisher };
      try {
        const rows = await withNode(access, s.node, t.database, async (c) => {
          const version = Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? 0);
          return (await c.query<SubscriberCopyRow>(subscriberCopySql(version >= 140000), [[s.name]])).rows;
        });
        const sizes = await withNode(access, s.publisher, t.database, async (c) => (await c.query<PublisherSizeRow>(PUBLISHER_SIZES_SQL, [rows.map((r) => r.table)])).rows).catch(() => [] as PublisherSizeRow[]);
        const now = Date.now();
        const tables = rows.map((row) => {
          const key = `${clusterId}/${s.node}/${s.name}/${row.table}`;
          const copy = tableCopy(row, sizes.find((x) => x.table === row.table), samples.get(key), now);
          samples.set(key, { at: now, bytes: copy.bytesCopied });
          return copy;
        });
        return { ...base, done: tables.every((x) => x.done), tables };
      } catch (err) {
        return { ...base, done: false, tables: [], error: access.mask((err as Error).message) };
      }
    }),
  );
}
