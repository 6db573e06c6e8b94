import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { clusterDrift } from '../schema';
import type { Drift } from '@/lib/drift';

export interface DriftCheck {
  checkedAt: Date;
  drift: Drift[];
  error: string | null;
}

export async function saveDrift(db: Db, clusterId: string, check: DriftCheck): Promise<void> {
  await db
    .insert(clusterDrift)
    .values({ clusterId, ...check })
    .onConflictDoUpdate({
      target: clusterDrift.clusterId,
      set: { checkedAt: check.checkedAt, drift: check.drift, error: check.error },
    });
}

export async function latestDrift(db: Db, clusterId: string): Promise<DriftCheck | null> {
  const [row] = await db.select().from(clusterDrift).where(eq(clusterDrift.clusterId, clusterId));
  return row ? { checkedAt: row.checkedAt, drift: row.drift as Drift[], error: row.error } : null;
}
