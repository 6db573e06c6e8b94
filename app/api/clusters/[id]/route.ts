import { getDb } from '@/lib/db/client';
import { listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { nodeAccess } from '@/lib/clusters/endpoints';
import { requireCluster } from '@/lib/clusters/service';
import { destroyClusterCommand } from '@/lib/http/cluster-commands';
import { nodeStatuses } from '@/lib/clusters/live';
import { maskTopology } from '@/lib/clusters/present';
import { json, route } from '@/lib/http/respond';

type Params = { id: string };

export const GET = route<Params>(async (_req, { id }) => {
  const cluster = await requireCluster(id);
  const db = await getDb();
  const jobs = await listJobsOfCluster(db, id);
  return json({
    id: cluster.id,
    name: cluster.name,
    status: cluster.status,
    createdAt: cluster.createdAt,
    topology: maskTopology(cluster.topology),
    nodes: await nodeStatuses(cluster.topology, await nodeAccess(id, cluster.topology)),
    jobs: jobs.slice(0, 20).map((j) => ({ id: j.id, kind: j.kind, status: j.status, createdAt: j.createdAt, finishedAt: j.finishedAt, error: j.error })),
  });
}, { role: 'viewer' });

export const DELETE = route<Params>(async (_req, { id }, ctx) => json(await destroyClusterCommand(id, ctx), 202), { role: 'admin' });
