import { previewPlan, requireCluster } from '@/lib/clusters/service';
import { previewAgainstLive } from '@/lib/clusters/live-plan';
import { splitSshSecrets } from '@/lib/clusters/ssh-secrets';
import { maskedPlan } from '@/lib/plan';
import { json, readJson, route } from '@/lib/http/respond';
import { requireSecretsStayWithHosts, requireTopology } from '@/lib/http/topology-input';

/** The plan a re-apply would run, read against the live nodes: of its saved topology, or of a changed one. */
export const POST = route<{ id: string }>(
  async (req, { id }, ctx) => {
    const cluster = await requireCluster(id);
    const body = await readJson(req, { optional: true });
    let topology = cluster.topology;
    if (body !== undefined) {
      const changed = requireTopology(body);
      // The preview reads the hosts' layout over SSH: the same rule as an apply.
      requireSecretsStayWithHosts(cluster.topology, changed, ctx.principal);
      topology = splitSshSecrets(changed).topology;
    }
    return json(maskedPlan(await previewAgainstLive(id, await previewPlan(topology, id))));
  },
  { role: 'operator' },
);
