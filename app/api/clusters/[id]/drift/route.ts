import { getDb } from '@/lib/db/client';
import { latestDrift } from '@/lib/db/repositories/drift';
import { requireCluster } from '@/lib/clusters/service';
import { presentDrift } from '@/lib/clusters/present';
import { driftCheckCommand } from '@/lib/http/cluster-commands';
import { json, route } from '@/lib/http/respond';

/** The last drift check (the panel checks every minute): each difference between the live nodes and the topology. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  await requireCluster(id);
  const last = await latestDrift(await getDb(), id);
  return json(presentDrift(last));
}, { role: 'viewer' });

/** Check now. */
export const POST = route<{ id: string }>(async (_req, { id }, ctx) => json(await driftCheckCommand(id, ctx)), { role: 'operator' });
