import { getDb } from '@/lib/db/client';
import { listClusters } from '@/lib/db/repositories/clusters';
import { listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { presentClusterSummary } from '@/lib/clusters/present';
import { createClusterCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

export const GET = route(async () => {
  const db = await getDb();
  const rows = await listClusters(db);
  return json({ clusters: await Promise.all(rows.map(async (c) => presentClusterSummary(c, (await listJobsOfCluster(db, c.id))[0]))) });
}, { role: 'viewer' });

export const POST = route(async (req, _params, ctx) => json(await createClusterCommand(await readJson(req), ctx), 201), { role: 'operator' });
