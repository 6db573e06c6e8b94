import { getDb } from '@/lib/db/client';
import { listClusters } from '@/lib/db/repositories/clusters';
import { listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { createCluster } from '@/lib/clusters/service';
import { json, readJson, route } from '@/lib/http/respond';
import { requireKnownCredentials, requireTopology } from '@/lib/http/topology-input';

export const GET = route(async () => {
  const db = await getDb();
  const rows = await listClusters(db);
  const clusters = await Promise.all(
    rows.map(async (c) => {
      const [lastJob] = await listJobsOfCluster(db, c.id);
      return {
        id: c.id,
        name: c.name,
        status: c.status,
        provider: c.topology.provider,
        nodes: c.topology.nodes.map((n) => n.name),
        createdAt: c.createdAt,
        lastJob: lastJob ? { id: lastJob.id, kind: lastJob.kind, status: lastJob.status } : null,
      };
    }),
  );
  return json({ clusters });
}, { role: 'viewer' });

export const POST = route(async (req, _params, ctx) => {
  const topology = await requireKnownCredentials(requireTopology(await readJson(req)));
  const created = await createCluster(topology);
  ctx.audit.clusterId = created.id;
  ctx.audit.target = created.jobId;
  return json(created, 201);
}, { role: 'operator' });
