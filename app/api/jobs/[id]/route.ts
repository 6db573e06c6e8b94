import { getDb } from '@/lib/db/client';
import { getCluster } from '@/lib/db/repositories/clusters';
import { getJob, getJobSteps } from '@/lib/db/repositories/jobs';
import { presentJob } from '@/lib/jobs/present';
import { HttpError, json, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(async (_req, { id }) => {
  const db = await getDb();
  const job = await getJob(db, id);
  if (!job) throw new HttpError(404, [{ path: '', message: `job ${id} not found` }]);
  const cluster = await getCluster(db, job.clusterId);
  return json(presentJob(job, await getJobSteps(db, id), cluster?.name ?? null));
}, { role: 'viewer' });
