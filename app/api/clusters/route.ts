import { getDb } from '@/lib/db/client';
import { listClusters } from '@/lib/db/repositories/clusters';
import { listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { createClusterCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

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

export const POST = route(async (req, _params, ctx) => json(await createClusterCommand(await readJson(req), ctx), 201), { role: 'operator' });
