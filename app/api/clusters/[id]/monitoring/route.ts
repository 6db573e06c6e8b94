import { getDb } from '@/lib/db/client';
import { setClusterMonitoring } from '@/lib/db/repositories/clusters';
import { requireCluster } from '@/lib/clusters/service';
import { json, readBody, route } from '@/lib/http/respond';
import { monitoringSettings, monitoringUpdateSchema } from '@/lib/monitor/settings';

/** The cluster's sampling interval (seconds) and alert thresholds, defaults filled in. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  const cluster = await requireCluster(id);
  return json(monitoringSettings(cluster.monitoring));
}, { role: 'viewer' });

/** Change some of them: `{ intervalSeconds?, thresholds?: { lagSeconds?, retainedWalBytes? } }`; the sampler picks it up next tick. */
export const PUT = route<{ id: string }>(async (req, { id }) => {
  const update = await readBody(req, monitoringUpdateSchema);
  const cluster = await requireCluster(id);
  const settings = monitoringSettings(cluster.monitoring, update);
  await setClusterMonitoring(await getDb(), id, settings);
  return json(settings);
}, { role: 'operator' });
