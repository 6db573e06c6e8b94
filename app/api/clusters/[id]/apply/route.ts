import { applyCluster } from '@/lib/clusters/service';
import { json, readJson, route } from '@/lib/http/respond';
import { requireKnownCredentials, requireTopology } from '@/lib/http/topology-input';
import { runOptions } from '@/lib/http/run-options';

/** Re-apply the saved topology, or a changed one sent as the body (`?confirmDestructive=true&concurrency=N`). */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const body = await readJson(req, { optional: true });
  const topology = body === undefined ? undefined : await requireKnownCredentials(requireTopology(body));
  return json(await applyCluster(id, topology, runOptions(req)), 202);
});
