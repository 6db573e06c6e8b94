import { applyCluster } from '@/lib/clusters/service';
import { json, readJson, route } from '@/lib/http/respond';
import { requireKnownCredentials, requireTopology } from '@/lib/http/topology-input';

/** Re-apply the saved topology, or a changed one sent as the body. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const body = await readJson(req, { optional: true });
  const topology = body === undefined ? undefined : await requireKnownCredentials(requireTopology(body));
  return json(await applyCluster(id, topology), 202);
});
