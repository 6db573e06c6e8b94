import { previewPlan, requireCluster } from '@/lib/clusters/service';
import { previewAgainstLive } from '@/lib/clusters/live-plan';
import { splitSshSecrets } from '@/lib/clusters/ssh-secrets';
import { maskedPlan } from '@/lib/plan';
import { json, readJson, route } from '@/lib/http/respond';
import { requireTopology } from '@/lib/http/topology-input';

/** The plan a re-apply would run, read against the live nodes: of its saved topology, or of a changed one. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const cluster = await requireCluster(id);
  const body = await readJson(req, { optional: true });
  const topology = body === undefined ? cluster.topology : splitSshSecrets(requireTopology(body)).topology;
  return json(maskedPlan(await previewAgainstLive(id, await previewPlan(topology, id))));
});
