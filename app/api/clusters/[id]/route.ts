import { getDb } from '@/lib/db/client';
import { listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { nodeAccess } from '@/lib/clusters/endpoints';
import { requireCluster } from '@/lib/clusters/service';
import { destroyClusterCommand } from '@/lib/http/cluster-commands';
import { nodeStatuses } from '@/lib/clusters/live';
import { presentCluster } from '@/lib/clusters/present';
import { withKeptSshSecrets } from '@/lib/clusters/ssh-secrets';
import { secretNames } from '@/lib/db/repositories/secrets';
import { json, route } from '@/lib/http/respond';

type Params = { id: string };

export const GET = route<Params>(async (_req, { id }) => {
  const cluster = await requireCluster(id);
  const db = await getDb();
  const jobs = await listJobsOfCluster(db, id);
  const shown = { ...cluster, topology: withKeptSshSecrets(cluster.topology, await secretNames(db, id)) };
  return json(presentCluster(shown, await nodeStatuses(cluster.topology, await nodeAccess(id, cluster.topology)), jobs));
}, { role: 'viewer' });

export const DELETE = route<Params>(async (_req, { id }, ctx) => json(await destroyClusterCommand(id, ctx), 202), { role: 'admin' });
