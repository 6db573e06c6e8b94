import { getDb } from '@/lib/db/client';
import { latestStatus, recentAlerts } from '@/lib/db/repositories/monitoring';
import { requireCluster } from '@/lib/clusters/service';
import { json, route } from '@/lib/http/respond';

/** The latest sample of every node, edge, subscription and slot, with open and recent alerts. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  await requireCluster(id);
  const db = await getDb();
  const status = await latestStatus(db, id);
  const alerts = await recentAlerts(db, id);
  return json({
    at: status?.at ?? null,
    ...(status?.snapshot ?? { nodes: [], edges: [], subscriptions: [], slots: [], paths: [] }),
    alerts: alerts.map((a) => ({ key: a.key, severity: a.severity, message: a.message, startedAt: a.startedAt, clearedAt: a.clearedAt })),
  });
}, { role: 'viewer' });
