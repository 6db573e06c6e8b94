import 'server-only';
import { desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { clusters } from '../schema';
import type { Topology } from '@/lib/topology/schema';

export type ClusterStatus = 'new' | 'applying' | 'ready' | 'failed' | 'destroying' | 'destroyed';

export interface ClusterRow {
  id: string;
  name: string;
  topology: Topology;
  status: ClusterStatus;
  /** Saved MonitoringSettings, or null for the defaults (see monitoringSettings). */
  monitoring: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export async function insertCluster(db: Db, row: { id: string; topology: Topology }): Promise<void> {
  await db
    .insert(clusters)
    .values({ id: row.id, name: row.topology.name, topology: row.topology, status: 'new' });
}

export async function getCluster(db: Db, id: string): Promise<ClusterRow | null> {
  const [row] = await db.select().from(clusters).where(eq(clusters.id, id));
  return (row as ClusterRow | undefined) ?? null;
}

export async function listClusters(db: Db): Promise<ClusterRow[]> {
  return (await db
    .select()
    .from(clusters)
    .where(ne(clusters.status, 'destroyed'))
    .orderBy(desc(clusters.createdAt))) as ClusterRow[];
}

export async function setClusterStatus(db: Db, id: string, status: ClusterStatus): Promise<void> {
  await db.update(clusters).set({ status, updatedAt: new Date() }).where(eq(clusters.id, id));
}

export async function setClusterTopology(db: Db, id: string, topology: Topology): Promise<void> {
  await db
    .update(clusters)
    .set({ topology, name: topology.name, updatedAt: new Date() })
    .where(eq(clusters.id, id));
}

export async function setClusterMonitoring(db: Db, id: string, monitoring: unknown): Promise<void> {
  await db.update(clusters).set({ monitoring, updatedAt: new Date() }).where(eq(clusters.id, id));
}
