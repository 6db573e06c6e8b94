import { requireCluster } from '@/lib/clusters/service';
import { monitoringUpdateCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';
import { monitoringSettings } from '@/lib/monitor/settings';

/** The cluster's sampling interval (seconds) and alert thresholds, defaults filled in. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  const cluster = await requireCluster(id);
  return json(monitoringSettings(cluster.monitoring));
}, { role: 'viewer' });

/** Change some of them: `{ intervalSeconds?, thresholds?: { lagSeconds?, retainedWalBytes? } }`; the sampler picks it up next tick. */
export const PUT = route<{ id: string }>(async (req, { id }, ctx) => json(await monitoringUpdateCommand(id, await readJson(req), ctx)), { role: 'operator' });
