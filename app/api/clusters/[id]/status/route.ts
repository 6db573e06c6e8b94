import { getDb } from '@/lib/db/client';
import { latestStatus, recentAlerts } from '@/lib/db/repositories/monitoring';
import { requireCluster } from '@/lib/clusters/service';
import { json, route } from '@/lib/http/respond';
import { presentLiveStatus } from '@/lib/monitor/present';

/** The latest sample of every node, edge, subscription and slot, with open and recent alerts. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  await requireCluster(id);
  const db = await getDb();
  return json(presentLiveStatus(await latestStatus(db, id), await recentAlerts(db, id)));
}, { role: 'viewer' });
