import { applyCluster, requireCluster } from '@/lib/clusters/service';
import { json, readJson, route } from '@/lib/http/respond';
import { requireKnownCredentials, requireSecretsStayWithHosts, requireTopology } from '@/lib/http/topology-input';
import { runOptions } from '@/lib/http/run-options';

/** Re-apply the saved topology, or a changed one sent as the body (`?confirmDestructive=true&concurrency=N`). */
export const POST = route<{ id: string }>(
  async (req, { id }, ctx) => {
    const body = await readJson(req, { optional: true });
    let topology;
    if (body !== undefined) {
      topology = await requireKnownCredentials(requireTopology(body));
      requireSecretsStayWithHosts((await requireCluster(id)).topology, topology, ctx.principal);
    }
    const queued = await applyCluster(id, topology, runOptions(req));
    ctx.audit.target = queued.jobId;
    return json(queued, 202);
  },
  { role: 'operator' },
);
